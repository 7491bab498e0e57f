#!/usr/bin/env python3
"""Generates Sources/Wire/Messages/*.swift from Apache Kafka's message definitions (JSON field layouts).

Usage: python3 Sources/Wire/Generator/generate_messages.py /work/kafka-messages Sources/Wire/Messages

Only the versions in RANGES are generated: fields that exist only outside them are left out, so each
struct carries what the broker and client actually exchange. Why a generator: ~50 message types with
per-version fields are where hand-written codecs go wrong; the JSON is the single source of truth.
"""
import json, re, sys, os

# API -> (first, last) version this codec speaks (see ApiKey.codecVersions).
RANGES = {
    "Produce": (0, 9), "Fetch": (4, 12), "ListOffsets": (1, 7), "Metadata": (0, 12),
    "OffsetCommit": (2, 9), "OffsetFetch": (1, 7), "FindCoordinator": (0, 4), "JoinGroup": (0, 9),
    "Heartbeat": (0, 4), "LeaveGroup": (0, 5), "SyncGroup": (0, 5), "DescribeGroups": (0, 5),
    "ListGroups": (0, 5), "SaslHandshake": (0, 1), "ApiVersions": (0, 4), "CreateTopics": (0, 7),
    "DeleteTopics": (0, 5), "DeleteRecords": (0, 2), "InitProducerId": (0, 4),
    "OffsetForLeaderEpoch": (2, 4), "DescribeConfigs": (1, 4), "AlterConfigs": (0, 2),
    "CreatePartitions": (0, 3), "DeleteGroups": (0, 2), "IncrementalAlterConfigs": (0, 1),
    "DescribeCluster": (0, 1),
}

# Short Swift names for Kafka's nested struct names, per message.
STRUCT_NAMES = {
    "MetadataRequest": {"MetadataRequestTopic": "Topic"},
    "MetadataResponse": {"MetadataResponseBroker": "Broker", "MetadataResponseTopic": "Topic", "MetadataResponsePartition": "Partition"},
    "ProduceRequest": {"TopicProduceData": "Topic", "PartitionProduceData": "Partition"},
    "ProduceResponse": {"TopicProduceResponse": "Topic", "PartitionProduceResponse": "Partition", "BatchIndexAndErrorMessage": "RecordError"},
    "FetchRequest": {"FetchTopic": "Topic", "FetchPartition": "Partition"},
    "FetchResponse": {"FetchableTopicResponse": "Topic", "PartitionData": "Partition"},
    "ListOffsetsRequest": {"ListOffsetsTopic": "Topic", "ListOffsetsPartition": "Partition"},
    "ListOffsetsResponse": {"ListOffsetsTopicResponse": "Topic", "ListOffsetsPartitionResponse": "Partition"},
    "CreateTopicsRequest": {"CreatableTopic": "Topic", "CreatableReplicaAssignment": "Assignment", "CreatableTopicConfig": "Config"},
    "CreateTopicsResponse": {"CreatableTopicResult": "Topic", "CreatableTopicConfigs": "Config"},
    "DeleteTopicsResponse": {"DeletableTopicResult": "Topic"},
    "JoinGroupRequest": {"JoinGroupRequestProtocol": "GroupProtocol"},
    "JoinGroupResponse": {"JoinGroupResponseMember": "Member"},
    "SyncGroupRequest": {"SyncGroupRequestAssignment": "Assignment"},
    "LeaveGroupRequest": {"MemberIdentity": "Member"},
    "LeaveGroupResponse": {"MemberResponse": "Member"},
    "OffsetCommitRequest": {"OffsetCommitRequestTopic": "Topic", "OffsetCommitRequestPartition": "Partition"},
    "OffsetCommitResponse": {"OffsetCommitResponseTopic": "Topic", "OffsetCommitResponsePartition": "Partition"},
    "OffsetFetchRequest": {"OffsetFetchRequestTopic": "Topic"},
    "OffsetFetchResponse": {"OffsetFetchResponseTopic": "Topic", "OffsetFetchResponsePartition": "Partition"},
    "DescribeGroupsResponse": {"DescribedGroup": "Group", "DescribedGroupMember": "Member"},
    "ListGroupsResponse": {"ListedGroup": "Group"},
    "DeleteGroupsResponse": {"DeletableGroupResult": "GroupResult"},
    "CreatePartitionsRequest": {"CreatePartitionsTopic": "Topic", "CreatePartitionsAssignment": "Assignment"},
    "CreatePartitionsResponse": {"CreatePartitionsTopicResult": "TopicResult"},
    "DescribeConfigsRequest": {"DescribeConfigsResource": "Resource"},
    "DescribeConfigsResponse": {"DescribeConfigsResult": "ResourceResult", "DescribeConfigsResourceResult": "Config", "DescribeConfigsSynonym": "Synonym"},
    "AlterConfigsRequest": {"AlterConfigsResource": "Resource", "AlterableConfig": "Config"},
    "AlterConfigsResponse": {"AlterConfigsResourceResponse": "ResourceResponse"},
    "IncrementalAlterConfigsRequest": {"AlterConfigsResource": "Resource", "AlterableConfig": "Config"},
    "IncrementalAlterConfigsResponse": {"AlterConfigsResourceResponse": "ResourceResponse"},
    "DescribeClusterResponse": {"DescribeClusterBroker": "Broker"},
    "DeleteRecordsRequest": {"DeleteRecordsTopic": "Topic", "DeleteRecordsPartition": "Partition"},
    "DeleteRecordsResponse": {"DeleteRecordsTopicResult": "Topic", "DeleteRecordsPartitionResult": "Partition"},
    "OffsetForLeaderEpochRequest": {"OffsetForLeaderTopic": "Topic", "OffsetForLeaderPartition": "Partition"},
    "OffsetForLeaderEpochResponse": {"OffsetForLeaderTopicResult": "Topic", "EpochEndOffset": "Partition"},
}

# Fields deliberately left out. ApiVersions feature lists: we never send them (librdkafka 2.0.2
# misreads a non-empty tagged section there), and clients do not need them from us.
EXCLUDED = {("ApiVersionsResponse", n) for n in ("SupportedFeatures", "FinalizedFeaturesEpoch", "FinalizedFeatures", "ZkMigrationReady")}

SCALARS = {  # kafka type -> (swift type, read, write, zero)
    "int8": ("Int8", "readInt8()", "writeInt8", "0"), "int16": ("Int16", "readInt16()", "writeInt16", "0"),
    "int32": ("Int32", "readInt32()", "writeInt32", "0"), "int64": ("Int64", "readInt64()", "writeInt64", "0"),
    "uint16": ("UInt16", "readUInt16()", "writeUInt16", "0"), "uint32": ("UInt32", "readUInt32()", "writeUInt32", "0"),
    "float64": ("Double", "readFloat64()", "writeFloat64", "0"), "bool": ("Bool", "readBool()", "writeBool", "false"),
    "uuid": ("UUID16", "readUUID()", "writeUUID", ".zero"),
}
KEYWORDS = {"protocol", "default", "internal", "static", "operator", "class", "struct", "case", "in", "is", "as", "where", "repeat", "return", "self", "type"}
INF = 1 << 30


def parse_versions(spec):
    if spec is None or spec == "none": return None
    if spec.endswith("+"): return (int(spec[:-1]), INF)
    if "-" in spec:
        a, b = spec.split("-"); return (int(a), int(b))
    return (int(spec), int(spec))


def intersect(v, rng):
    if v is None: return None
    lo, hi = max(v[0], rng[0]), min(v[1], rng[1])
    return (lo, hi) if lo <= hi else None


def cond(v, rng):
    """Swift condition for `version` in v, simplified against the generated range; None = always."""
    parts = []
    if v[0] > rng[0]: parts.append(f"version >= {v[0]}")
    if v[1] < rng[1]: parts.append(f"version <= {v[1]}")
    return " && ".join(parts) if parts else None


def camel(name):
    s = name[0].lower() + name[1:]
    m = re.match(r"^([A-Z]+)([A-Z][a-z].*)?$", name)   # leading acronyms
    if m and m.group(1) and len(m.group(1)) > 1:
        s = m.group(1).lower() + (m.group(2) or "")
    return f"`{s}`" if s in KEYWORDS else s


def bare(name): return name.strip("`")


class Gen:
    def __init__(self, msg, rng, flex, api):
        self.api_case = api[0].lower() + api[1:]
        self.msg, self.rng, self.flex = msg, rng, flex
        self.is_response = msg.endswith("Response")
        self.pending = []

    def struct_name(self, kafka):
        return STRUCT_NAMES.get(self.msg, {}).get(kafka, kafka)

    def flexible_expr(self):
        if self.flex is None: return "false"
        if self.flex[0] <= self.rng[0]: return "true"
        return f"version >= {self.flex[0]}"

    def nullable_range(self, f, present):
        nv = intersect(parse_versions(f.get("nullableVersions")), present)
        return nv

    def field_info(self, f):
        """Returns None if the field is absent in our range, else a dict describing it."""
        if (self.msg, f["name"]) in EXCLUDED: return None
        present = intersect(parse_versions(f["versions"]), self.rng)
        if present is None: return None
        tagged = "tag" in f
        if tagged:
            present = intersect(parse_versions(f.get("taggedVersions")), present)
            if present is None: return None
        t = f["type"]
        info = dict(f=f, name=camel(f["name"]), present=present, tagged=tagged, type=t)
        nv = self.nullable_range(f, present)
        info["nullable"] = nv
        info["always_nullable"] = nv is not None and nv == present
        return info

    def swift_type(self, info):
        t = info["type"]; opt = info["nullable"] is not None
        if t in SCALARS: st = SCALARS[t][0]
        elif t == "string": st = "String"
        elif t == "bytes": st = "[UInt8]"
        elif t == "records":
            st = "RecordsPayload" if self.is_response else "ArraySlice<UInt8>"; opt = True
        elif t.startswith("[]"):
            inner = t[2:]
            st = "[" + (SCALARS[inner][0] if inner in SCALARS else ("String" if inner == "string" else self.struct_name(inner))) + "]"
        else:
            st = self.struct_name(t)
            if info["tagged"]: opt = True
        return st + ("?" if opt else "")

    def default_value(self, info):
        t = info["type"]; d = info["f"].get("default"); st = self.swift_type(info)
        if st.endswith("?") and (d is None or d == "null"):
            if t in ("string",) and d is None: return '""'
            if t.startswith("[]") and d is None: return "[]"
            return "nil"
        if t in SCALARS:
            if d is None: return SCALARS[t][3]
            if t == "bool": return str(d).lower()
            if t == "uuid": return ".zero"
            return str(int(str(d), 0))
        if t == "string": return json.dumps(d) if d is not None else '""'
        if t == "bytes" or t.startswith("[]"): return "[]"
        return f"{st.rstrip('?')}()"

    # ---- decoding ----
    def read_expr(self, info, t, nullable, reader="r"):
        """Expression reading one value of kafka type t. nullable: Swift-expression or bool literal."""
        if t in SCALARS: return f"try {reader}.{SCALARS[t][1]}"
        if t == "string":
            return f"try {reader}.readNullableString(flexible: flexible)" if nullable else f"try {reader}.readString(flexible: flexible)"
        if t == "bytes":
            return f"try {reader}.readNullableBytes(flexible: flexible).map {{ Array($0) }}" if nullable else f"Array(try {reader}.readBytes(flexible: flexible))"
        if t == "records":
            e = f"try {reader}.readNullableBytes(flexible: flexible)"
            return e + ".map { RecordsPayload.bytes($0) }" if self.is_response else e
        return f"try {self.struct_name(t)}(from: &{reader}, version: version)"

    def decode_lines(self, info, reader="r"):
        t, name = info["type"], info["name"]
        nv, present = info["nullable"], info["present"]
        out = []
        if t.startswith("[]"):
            inner = t[2:]
            if nv is None:
                out.append(f"let {bare(name)}Count = try {reader}.readNonNullArrayCount(flexible: flexible)")
                target = name
                out.append(f"{target} = []")
                out.append(f"for _ in 0..<{bare(name)}Count {{ {target}.append({self.read_expr(info, inner, False, reader)}) }}")
            else:
                ncond = cond(nv, present)
                count_read = f"try {reader}.readArrayCount(flexible: flexible)"
                if ncond: count_read = f"({ncond}) ? {count_read} : try {reader}.readNonNullArrayCount(flexible: flexible)"
                out.append(f"if let count = {count_read} {{")
                out.append(f"    var items: {self.swift_type(info).rstrip('?')} = []")
                out.append(f"    for _ in 0..<count {{ items.append({self.read_expr(info, inner, False, reader)}) }}")
                out.append(f"    {name} = items")
                out.append(f"}} else {{ {name} = nil }}")
            return out
        if nv is not None and t in ("string", "bytes"):
            ncond = cond(nv, present)
            if ncond:
                out.append(f"if {ncond} {{ {name} = {self.read_expr(info, t, True, reader)} }}")
                out.append(f"else {{ {name} = {self.read_expr(info, t, False, reader)} }}")
                return out
            return [f"{name} = {self.read_expr(info, t, True, reader)}"]
        return [f"{name} = {self.read_expr(info, t, False, reader)}"]

    # ---- encoding ----
    def write_value(self, t, value, nullable, w="w"):
        if t in SCALARS: return [f"{w}.{SCALARS[t][2]}({value})"]
        if t == "string":
            return [f"{w}.writeNullableString({value}, flexible: flexible)"] if nullable else [f"{w}.writeString({value}, flexible: flexible)"]
        if t == "bytes":
            return [f"{w}.writeNullableBytes({value}, flexible: flexible)"] if nullable else [f"{w}.writeBytes({value}, flexible: flexible)"]
        if t == "records":
            if self.is_response: return [f"{w}.writeRecords({value}, flexible: flexible)"]
            return [f"{w}.writeNullableBytes({value}, flexible: flexible)"]
        return [f"{value}.encode(into: &{w}, version: version)"]

    def encode_lines(self, info, w="w", value=None):
        t, name = info["type"], info["name"]
        value = value or name
        nv, present = info["nullable"], info["present"]
        opt = self.swift_type(info).endswith("?")
        if t.startswith("[]"):
            inner = t[2:]
            loop = lambda arr: [f"for item in {arr} {{"] + ["    " + l for l in self.write_value(inner, "item", False, w)] + ["}"]
            if not opt:
                return [f"{w}.writeArrayCount({value}.count, flexible: flexible)"] + loop(value)
            ncond = cond(nv, present)
            count = f"{value}?.count" if not ncond else f"({ncond}) ? {value}?.count : ({value}?.count ?? 0)"
            return [f"{w}.writeArrayCount({count}, flexible: flexible)"] + loop(f"{value} ?? []")
        if t in ("string", "bytes") and nv is not None:
            ncond = cond(nv, present)
            if ncond:
                empty = '""' if t == "string" else "[UInt8]()"
                return [f"if {ncond} {{ " + self.write_value(t, value, True, w)[0] + " }",
                        f"else {{ " + self.write_value(t, f"{value} ?? {empty}", False, w)[0] + " }"]
            return self.write_value(t, value, True, w)
        if t not in SCALARS and t not in ("string", "bytes", "records") and opt:
            return [f"{value}?.encode(into: &{w}, version: version)"]
        return self.write_value(t, value, False, w)

    def grouped(self, infos, lines_for, p):
        """Field lines in order; consecutive fields with the same version condition share one `if`."""
        L, i = [], 0
        while i < len(infos):
            c = cond(infos[i]["present"], self.rng)
            j = i
            while j < len(infos) and cond(infos[j]["present"], self.rng) == c: j += 1
            body = [l for info in infos[i:j] for l in lines_for(info)]
            if c:
                L.append(f"{p}        if {c} {{")
                L += [f"{p}            {l}" for l in body]
                L.append(f"{p}        }}")
            else:
                L += [f"{p}        {l}" for l in body]
            i = j
        return L

    # ---- struct ----
    def struct(self, name, fields, indent, top=False):
        infos = [i for i in (self.field_info(f) for f in fields) if i is not None]
        nested = []
        for i in infos:
            f = i["f"]
            if "fields" in f:
                inner = f["type"][2:] if f["type"].startswith("[]") else f["type"]
                nested.append((self.struct_name(inner), f["fields"]))
        p = " " * indent
        L = []
        L.append(f"{p}public struct {name}: {'WireMessage' if top else 'Equatable'} {{")
        if top:
            L.append(f"{p}    public static let apiKey = ApiKey.{self.api_case}")
        for i in infos:
            L.append(f"{p}    public var {i['name']}: {self.swift_type(i)}")
        # memberwise init
        L.append("")
        params = ", ".join(f"{bare(i['name'])}: {self.swift_type(i)} = {self.default_value(i)}" for i in infos)
        L.append(f"{p}    public init({params}) {{")
        for i in infos: L.append(f"{p}        self.{bare(i['name'])} = {bare(i['name'])}")
        L.append(f"{p}    }}")
        # decode
        regular = [i for i in infos if not i["tagged"]]
        tagged = sorted([i for i in infos if i["tagged"]], key=lambda i: i["f"]["tag"])
        L.append("")
        L.append(f"{p}    public init(from r: inout ByteReader, version: Int16) throws {{")
        L.append(f"{p}        self.init()")
        L.append(f"{p}        let flexible = {self.flexible_expr()}")
        L += self.grouped(regular, self.decode_lines, p)
        if tagged:
            L.append(f"{p}        if flexible {{")
            L.append(f"{p}            try r.readTaggedFields {{ tag, field in")
            L.append(f"{p}                switch tag {{")
            for i in tagged:
                c = cond(i["present"], self.rng)
                guard = f" where {c}" if c else ""
                lines = self.decode_lines(i, reader="field")
                L.append(f"{p}                case {i['f']['tag']}{guard}:")
                L += [f"{p}                    {l}" for l in lines]
            L.append(f"{p}                default: break")
            L.append(f"{p}                }}")
            L.append(f"{p}            }}")
            L.append(f"{p}        }}")
        elif self.flex is not None:
            L.append(f"{p}        if flexible {{ try r.skipTaggedFields() }}")
        L.append(f"{p}    }}")
        # encode
        L.append("")
        L.append(f"{p}    public func encode(into w: inout ByteWriter, version: Int16) {{")
        L.append(f"{p}        let flexible = {self.flexible_expr()}")
        L += self.grouped(regular, self.encode_lines, p)
        if tagged:
            # Tagged fields are written only when they differ from their default.
            L.append(f"{p}        if flexible {{")
            conds = []
            for i in tagged:
                c = cond(i["present"], self.rng)
                nd = f"{i['name']} != {self.default_value(i)}"
                conds.append((i, f"({c}) && {nd}" if c else nd))
            L.append(f"{p}            var tagCount: UInt32 = 0")
            for i, c in conds: L.append(f"{p}            if {c} {{ tagCount += 1 }}")
            L.append(f"{p}            w.writeUnsignedVarInt(tagCount)")
            for i, c in conds:
                L.append(f"{p}            if {c} {{")
                L.append(f"{p}                w.writeTaggedField(tag: {i['f']['tag']}) {{ w in")
                L += [f"{p}                    {l}" for l in self.encode_lines(i, w="w")]
                L.append(f"{p}                }}")
                L.append(f"{p}            }}")
            L.append(f"{p}        }}")
        elif self.flex is not None:
            L.append(f"{p}        if flexible {{ w.writeEmptyTaggedFields() }}")
        L.append(f"{p}    }}")
        # Nested structs are all declared at the message level (ProduceRequest.Topic,
        # ProduceRequest.Partition) so call sites stay short.
        self.pending += nested
        if top:
            while self.pending:
                nname, nfields = self.pending.pop(0)
                L.append("")
                L += self.struct(nname, nfields, indent + 4)
        L.append(f"{p}}}")
        return L


def load(path):
    s = open(path).read()
    s = re.sub(r"^\s*//.*$", "", s, flags=re.M)
    return json.loads(s)


def main(src, dst):
    for api, rng in sorted(RANGES.items()):
        out = ["// Generated by Sources/Wire/Generator/generate_messages.py from Kafka's " + api + "Request/Response",
               f"// message definitions, versions {rng[0]}-{rng[1]}. Edit the generator, not this file.", ""]
        for kind in ("Request", "Response"):
            d = load(os.path.join(src, api + kind + ".json"))
            valid = parse_versions(d["validVersions"])
            assert valid[0] <= rng[0] and rng[1] <= valid[1], (api, valid, rng)
            g = Gen(api + kind, rng, parse_versions(d["flexibleVersions"]), api)
            out += g.struct(api + kind, d["fields"], 0, top=True)
            out.append("")
        open(os.path.join(dst, api + ".swift"), "w").write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
