extension PartitionLog {
    /// Placeholder until the cleaner lands.
    public func compactIfDirty(nowMs: Int64) throws {}
}
