#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import StageSupport

/// What a plugin said about itself in its handshake, cached by `plugin add` so start-up registers its
/// stages without launching it.
public struct PluginManifest: Codable, Equatable, Sendable {
    public struct Command: Codable, Equatable, Sendable {
        public var name: String
        /// How Funnel uses the command's answers: `screen` (verdicts on leads, applied and journaled by
        /// Funnel), `table` (records shown as a table; nothing is written) or `verb` (a slot's verb with
        /// declared arguments, whose hand-off records Funnel checks, applies and journals; protocol 1.1).
        public var kind: String
        public var summary: String
        /// The record fields the command needs (`id` is always sent); nil for every field.
        public var fields: [String]?
        /// A verb's positionals and flags, in order.
        public var positionals: [Parameter]?
        public var flags: [Parameter]?
        /// A verb's input (`nothing` or `table`: the rows piped in), output (`nothing` or `table`) and
        /// impact (`none`, `low` or `high`; any but `none` gets `--dry-run`).
        public var input: String?
        public var output: String?
        public var impact: String?

        init(name: String, kind: String, summary: String, fields: [String]?, positionals: [Parameter]? = nil, flags: [Parameter]? = nil,
             input: String? = nil, output: String? = nil, impact: String? = nil) {
            self.name = name
            self.kind = kind
            self.summary = summary
            self.fields = fields
            self.positionals = positionals
            self.flags = flags
            self.input = input
            self.output = output
            self.impact = impact
        }
    }

    /// A verb's argument: its name, type (`string`, `int`, `decimal`, `money`, `date`, `bool`, `word`,
    /// `percent`, `duration`, or the noun of a kind of record: `deal`, `lead`, `product` …), summary,
    /// whether it may be left out, the words it may be (`choices`) and a flag's value when not given
    /// (`default`, as it would be typed).
    public struct Parameter: Codable, Equatable, Sendable {
        public var name: String
        public var type: String
        public var summary: String
        public var optional: Bool?
        public var choices: [String]?
        public var defaultText: String?
    }

    public struct Stage: Codable, Equatable, Sendable {
        public var slot: String
        public var implementation: String
        public var summary: String
        public var follows: String?
        public var commands: [Command]
        /// The kinds of `SlotRecord` a deal needs before it may leave the slot (protocol 1.1's `gate`).
        public var exitRequires: [String]?
    }

    /// The executable, as an absolute path.
    public var path: String
    public var name: String
    public var version: String
    /// The protocol version both sides agreed on, `major.minor`.
    public var protocolVersion: String
    public var features: [String]
    public var stages: [Stage]
}

/// The plugins `plugin add` recorded: a JSON file in the XDG data directory, one per installation.
public struct PluginList {
    public let file: String

    public init(file: String) { self.file = file }

    /// The recorded plugins; an absent file is none. A damaged file is an error naming it.
    public func load() throws -> [PluginManifest] {
        guard FileManager.default.fileExists(atPath: file) else { return [] }
        guard let data = FileManager.default.contents(atPath: file) else { throw PluginFailure("cannot read \(file)") }
        do { return try JSONDecoder().decode([PluginManifest].self, from: data) } catch {
            throw PluginFailure("\(file) is not a plugin list Funnel wrote (the data is not in the format Funnel writes); remove it or fix it")
        }
    }

    public func save(_ manifests: [PluginManifest]) throws {
        let folder = PathName.folder(file)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(manifests).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw PluginFailure("cannot write \(file): \(error)")
        }
    }
}

/// A plugin that cannot be added, started or understood: always a clear message, never a crash.
public struct PluginFailure: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
