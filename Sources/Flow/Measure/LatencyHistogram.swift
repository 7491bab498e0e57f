/// A latency histogram with fixed memory and bounded relative error (log-linear buckets, as in HDR histograms).
///
/// Values below 256 are counted exactly. Above that, each power of two is split into 128 equal buckets, so a
/// bucket is at most 1/128 of its lower bound wide; percentiles report the bucket's midpoint, which is within
/// 1/256 (0.4 %) of any value in it. The whole `UInt64` range fits in 7,424 counters (58 KiB), allocated once.
///
/// Recording is a leading-zero count, a shift and an increment: a few nanoseconds. The struct is not
/// thread-safe; share one between threads through `SharedLatencyHistogram`, or keep one per thread and `merge`.
public struct LatencyHistogram: Sendable {
    /// Linear sub-buckets per power of two (2^7): sets the relative error bound.
    static let subBucketBits = 7
    static let subBucketCount = 1 << subBucketBits
    /// Below this value every integer has its own bucket.
    static let exactLimit = UInt64(2 * subBucketCount)
    static let bucketCount = Int(exactLimit) + (64 - subBucketBits - 1) * subBucketCount

    private var counts: ContiguousArray<UInt64>
    /// Values recorded.
    public private(set) var count: UInt64 = 0
    /// Smallest value recorded (0 when empty).
    public private(set) var min: UInt64 = .max
    /// Largest value recorded (0 when empty).
    public private(set) var max: UInt64 = 0
    private var sum: Double = 0

    public init() {
        counts = ContiguousArray(repeating: 0, count: Self.bucketCount)
    }

    @inline(__always)
    static func bucketIndex(_ value: UInt64) -> Int {
        if value < exactLimit { return Int(value) }
        let shift = (63 - value.leadingZeroBitCount) - subBucketBits  // >= 1
        let subBucket = Int(truncatingIfNeeded: value >> UInt64(shift)) - subBucketCount  // 0..<128
        return Int(exactLimit) + (shift - 1) * subBucketCount + subBucket
    }

    /// The smallest value and the width of bucket `index`.
    static func bucketRange(_ index: Int) -> (lower: UInt64, width: UInt64) {
        if index < Int(exactLimit) { return (UInt64(index), 1) }
        let offset = index - Int(exactLimit)
        let shift = UInt64(offset / subBucketCount + 1)
        let subBucket = UInt64(offset % subBucketCount + subBucketCount)
        return (subBucket << shift, 1 << shift)
    }

    /// Records one value (nanoseconds, or any unit used consistently).
    @inline(__always)
    public mutating func record(valueNanos value: UInt64) {
        counts[Self.bucketIndex(value)] &+= 1
        count &+= 1
        sum += Double(value)
        if value < min { min = value }
        if value > max { max = value }
    }

    /// Records `occurrences` copies of one value.
    public mutating func record(valueNanos value: UInt64, occurrences: UInt64) {
        guard occurrences > 0 else { return }
        counts[Self.bucketIndex(value)] &+= occurrences
        count &+= occurrences
        sum += Double(value) * Double(occurrences)
        if value < min { min = value }
        if value > max { max = value }
    }

    /// Mean of the recorded values (exact up to Double rounding), 0 when empty.
    public var mean: Double { count == 0 ? 0 : sum / Double(count) }

    /// The value at quantile `q` (0...1) by nearest rank: the smallest recorded value v such that at least
    /// `ceil(q × count)` values are ≤ v, reported as its bucket's midpoint clamped to [min, max].
    /// Returns 0 when empty.
    public func value(atQuantile q: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let clamped = Swift.min(Swift.max(q, 0), 1)
        let rank = Swift.max(1, UInt64((clamped * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for index in 0..<counts.count where counts[index] > 0 {
            seen &+= counts[index]
            if seen >= rank {
                let (lower, width) = Self.bucketRange(index)
                let midpoint = lower + (width - 1) / 2
                return Swift.min(Swift.max(midpoint, min), max)
            }
        }
        return max
    }

    public var p50: UInt64 { value(atQuantile: 0.5) }
    public var p99: UInt64 { value(atQuantile: 0.99) }
    public var p999: UInt64 { value(atQuantile: 0.999) }

    /// Adds every value recorded in `other`.
    public mutating func merge(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        for index in 0..<counts.count { counts[index] &+= other.counts[index] }
        count &+= other.count
        sum += other.sum
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
    }

    /// Forgets every value; memory is kept.
    public mutating func reset() {
        for index in 0..<counts.count { counts[index] = 0 }
        count = 0
        sum = 0
        min = .max
        max = 0
    }
}
