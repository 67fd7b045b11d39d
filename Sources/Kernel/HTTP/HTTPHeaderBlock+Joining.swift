/// Two shared blocks on one reply: when plugins each set a block (security headers, then CORS), the reply
/// holds one block of both, made once per pair and shared by every reply that takes the same two.
extension HTTPHeaderBlock {
    /// This block's fields followed by `next`'s, as one block, or `nil` when the two have a name in common.
    ///
    /// The first block to follow this one is kept with it: later calls with the same `next` return the same
    /// block, with no allocation. A different `next` gets `nil` (the reply then copies its fields instead), so a
    /// block is never joined anew per reply.
    func followed(by next: HTTPHeaderBlock) -> HTTPHeaderBlock? {
        if let kept = successor.load() { return kept.next === next ? kept.joined : nil }
        let joined: HTTPHeaderBlock? =
            if next.fields.contains(where: { contains($0.name) }) { nil }
            else {
                HTTPHeaderBlock(
                    checkedFields: fields + next.fields, wireLines: wireLines + next.wireLines,
                    parts: (
                        ranges: partRanges + next.partRanges.map { ($0.lowerBound + wireLines.count)..<($0.upperBound + wireLines.count) },
                        serials: partSerials + next.partSerials))
            }
        let kept = successor.storeIfNil(HTTPHeaderBlockSuccession(next: next, joined: joined))
        return kept.next === next ? kept.joined : nil
    }
}

/// A block that followed another on a reply, and the block of both (``HTTPHeaderBlock/followed(by:)``).
/// The joined block refers to neither, so keeping this with the first block makes no cycle.
final class HTTPHeaderBlockSuccession: Sendable {
    let next: HTTPHeaderBlock
    let joined: HTTPHeaderBlock?

    init(next: HTTPHeaderBlock, joined: HTTPHeaderBlock?) {
        self.next = next
        self.joined = joined
    }
}
