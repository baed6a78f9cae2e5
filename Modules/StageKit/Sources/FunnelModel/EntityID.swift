/// The kind of a stored entity, and the prefix its ids are shown with (`L` in `L-12`).
///
/// An open struct rather than an enum, so that a stage outside this package can add kinds of its own.
@frozen public struct EntityKind: Hashable, Sendable, CustomStringConvertible {
    /// The short uppercase prefix shown before the number, e.g. `L`.
    public let prefix: String
    /// The singular noun used in messages, e.g. `lead`.
    public let noun: String

    public init(prefix: String, noun: String) {
        self.prefix = prefix
        self.noun = noun
    }

    public var description: String { noun }

    public static let lead = EntityKind(prefix: "L", noun: "lead")
    public static let customer = EntityKind(prefix: "C", noun: "customer")
    public static let contact = EntityKind(prefix: "P", noun: "contact")
    public static let deal = EntityKind(prefix: "D", noun: "deal")
}

/// A typed id such as `L-12`: an entity kind and its row number.
@frozen public struct EntityID: Hashable, Sendable, CustomStringConvertible, Comparable {
    public let kind: EntityKind
    public let number: Int64

    public init(_ kind: EntityKind, _ number: Int64) {
        self.kind = kind
        self.number = number
    }

    /// Parses `L-12` (the prefix is matched case-insensitively); `nil` when the text is not an id of `kind`.
    public init?(parsing text: String, as kind: EntityKind) {
        // Byte by byte: ids arrive by the million from imports and plugins.
        var bytes = text.utf8[...]
        for expected in kind.prefix.utf8 {
            guard let byte = bytes.popFirst() else { return nil }
            guard (byte >= 97 && byte <= 122 ? byte - 32 : byte) == expected else { return nil }
        }
        // One spelling per id: `Q-007` is not silently `Q-7` (another system's numbering, or a typo).
        guard bytes.popFirst() == UInt8(ascii: "-"), let first = bytes.first, first != UInt8(ascii: "0") else { return nil }
        var number: Int64 = 0
        for byte in bytes {
            guard byte >= 48, byte <= 57 else { return nil }
            let (times, overflow) = number.multipliedReportingOverflow(by: 10)
            let (sum, carry) = times.addingReportingOverflow(Int64(byte - 48))
            guard !overflow, !carry else { return nil }
            number = sum
        }
        guard number > 0 else { return nil }
        self.init(kind, number)
    }

    public var description: String { "\(kind.prefix)-\(number)" }

    public static func < (lhs: EntityID, rhs: EntityID) -> Bool {
        (lhs.kind.prefix, lhs.number) < (rhs.kind.prefix, rhs.number)
    }
}
