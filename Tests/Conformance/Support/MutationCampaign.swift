import Testing

/// Deterministic generator (SplitMix64) so a failing seed can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SeededGenerator {
    /// A number in `0..<count`, drawn as `Int(next() % UInt64(count))` so that a seed replays the same run.
    mutating func below(_ count: Int) -> Int { Int(next() % UInt64(count)) }

    /// One element of `array`, which must not be empty.
    mutating func element<Element>(of array: [Element]) -> Element { array[below(array.count)] }
}

/// A broken property, as a sentence naming what the code under test did.
struct MutantFailure: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// The loop every seeded mutation fuzz test runs: pick a valid input, damage it, check it.
///
/// ```swift
/// MutationCampaign.run(seed: 1, corpus: inputs, mutate: damage) { mutant, round, random in
///     let whole = parse([mutant[...]])
///     if let split = MutationCampaign.chunkingDifference(mutant, whole: whole, round: round, using: &random, outcome: parse) {
///         throw MutantFailure(split)
///     }
///     return whole.error == nil       // accepted or rejected
/// }
/// ```
///
/// The first failure is recorded with its seed, round and bytes, so it can be replayed, and ends the run.
/// A run must see at least `minimumEach` accepted and rejected mutants, or it tested nothing.
enum MutationCampaign {
    static func run(
        seed: UInt64, rounds: Int = 2_000, corpus: [[UInt8]], minimumEach: Int,
        mutate: ([UInt8], inout SeededGenerator) -> [UInt8],
        describe: ([UInt8]) -> String = { "\(String(decoding: $0, as: UTF8.self).debugDescription) \($0)" },
        check: ([UInt8], Int, inout SeededGenerator) throws -> Bool,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var random = SeededGenerator(seed: seed)
        var accepted = 0, rejected = 0
        for round in 0..<rounds {
            let mutant = mutate(random.element(of: corpus), &random)
            do {
                if try check(mutant, round, &random) { accepted += 1 } else { rejected += 1 }
            } catch {
                let reason = (error as? MutantFailure)?.reason ?? "\(error)"
                Issue.record("seed \(seed) round \(round): \(describe(mutant)): \(reason)", sourceLocation: sourceLocation)
                return
            }
        }
        #expect(accepted >= minimumEach && rejected >= minimumEach,
                "a vacuous run: \(accepted) accepted, \(rejected) rejected", sourceLocation: sourceLocation)
    }

    /// How `bytes` fed in pieces differs from `whole` (its outcome fed at once): three random splits, and byte by
    /// byte in one round of eight. `nil` when every chunking agrees.
    static func chunkingDifference<Outcome: Equatable>(
        _ bytes: [UInt8], whole: Outcome, round: Int, using random: inout SeededGenerator,
        outcome: ([ArraySlice<UInt8>]) -> Outcome
    ) -> String? {
        for _ in 0..<3 {
            let split = random.below(bytes.count + 1)
            let pieces = outcome([bytes[..<split], bytes[split...]])
            if pieces != whole { return "split at \(split): \(pieces) != \(whole)" }
        }
        guard round % 8 == 0 else { return nil }
        let byteByByte = outcome(bytes.indices.map { bytes[$0...$0] })
        return byteByByte == whole ? nil : "byte by byte: \(byteByByte) != \(whole)"
    }
}

/// Edits the fuzz tests' mutators share; each draws from `random` in a fixed order, so seeds replay.
extension [UInt8] {
    /// A copy with 1 to `maxEdits` edits, each made by `edit` at a random position (`0...count`).
    func mutated(
        maxEdits: Int, using random: inout SeededGenerator, edit: (inout [UInt8], Int, inout SeededGenerator) -> Void
    ) -> [UInt8] {
        var bytes = self
        for _ in 0...random.below(maxEdits) {
            let position = random.below(bytes.count + 1)
            edit(&bytes, position, &random)
        }
        return bytes
    }

    /// Removes one byte at `position`, and up to `extra` more after it.
    mutating func removeRun(at position: Int, extra: Int, using random: inout SeededGenerator) {
        removeSubrange(position..<Swift.min(count, position + 1 + random.below(extra)))
    }

    /// Repeats the bytes from `position` right after themselves, `minimum` plus up to `spread` - 1 of them
    /// (a field, a frame or a member sent twice).
    mutating func repeatRun(at position: Int, minimum: Int, spread: Int, using random: inout SeededGenerator) {
        let end = Swift.min(count, position + minimum + random.below(spread))
        insert(contentsOf: self[position..<end], at: end)
    }
}
