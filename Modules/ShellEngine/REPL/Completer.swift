#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit
import StageSupport

/// Tab completion from command signatures: command names, subcommands, flags, choice values,
/// file paths, live record ids with a description, stage slots and implementations after `stage use`,
/// and the columns of the rows piped in after `where`, `select`, `sort-by` and the like.
public struct Completer {
    /// One possible completion: the whole word to put in place of the partial one, and how to show it.
    public struct Candidate: Equatable, Sendable {
        public let word: String
        public let display: String
        /// False when the word is not finished (a directory), so no space follows it.
        public let isComplete: Bool
    }

    let session: Session

    public init(session: Session) { self.session = session }

    /// The candidates for the word ending at the end of `line` (the text before the cursor), and the
    /// partial word they replace.
    public func complete(_ line: String) -> (partial: String, candidates: [Candidate]) {
        let statement = String(line.split(separator: ";", omittingEmptySubsequences: false).last ?? "")
        var pipeline = statement.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let segment = pipeline.popLast() ?? statement
        let upstream = pipeline.joined(separator: "|")
        var words = segment.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "(" || $0 == "{" || $0 == "[" }).map(String.init)
        let partial = segment.last.map { " \t({[".contains($0) } ?? true ? "" : (words.popLast() ?? "")
        if partial.hasPrefix("$") {
            let names = (session.variableNames + ["in", "env"]).map { "$" + $0 }
            return (partial, names.filter { $0.hasPrefix(partial) }.map { Candidate(word: $0, display: $0, isComplete: true) })
        }
        let candidates = self.candidates(after: words, partial: partial, upstream: upstream)
        return (partial, candidates.filter { $0.word.hasPrefix(partial) })
    }

    private func candidates(after words: [String], partial: String, upstream: String) -> [Candidate] {
        // After a `|`, only commands that take the rows piped in (not `whoami` after `lead list |`).
        let names = upstream.isEmpty ? session.table.names
            : session.table.all.filter { $0.signature.input != .nothing }.map(\.signature.name).sorted()
        if words.isEmpty {
            let firstWords = Array(Set(names.map { String($0.split(separator: " ").first ?? "") })).sorted()
            return firstWords.map { Candidate(word: $0, display: $0, isComplete: true) }
        }
        let twoWords = words.count >= 2 ? words[0] + " " + words[1] : nil
        let signature: CommandSignature
        let consumed: Int
        if let twoWords, let found = session.table.signature(of: twoWords) {
            signature = found
            consumed = 2
        } else if let found = session.table.signature(of: words[0]) {
            signature = found
            consumed = 1
        } else if words.count == 1 {
            return names.filter { $0.hasPrefix(words[0] + " ") }.map {
                let sub = String($0.dropFirst(words[0].count + 1))
                return Candidate(word: sub, display: sub, isComplete: true)
            }
        } else {
            return []
        }
        let arguments = Array(words.dropFirst(consumed))
        if partial.hasPrefix("-") {
            return (signature.allFlags.map(\.name) + CommandSignature.shellFlags).map {
                Candidate(word: "--" + $0, display: "--" + $0, isComplete: true)
            }
        }
        if let last = arguments.last, last.hasPrefix("--"), !last.contains("="),
           let flag = signature.flag(named: String(last.dropFirst(2))), flag.type != .bool {
            if !flag.suggestions.words.isEmpty || !flag.suggestions.customFieldsOf.isEmpty { return suggestions(of: flag) }
            return values(of: flag.type, partial: partial)
        }
        if let columns = columnCandidates(signature.name, arguments: arguments, upstream: upstream) { return columns }
        var positionalIndex = 0
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if word.hasPrefix("--") {
                if !word.contains("="), let flag = signature.flag(named: String(word.dropFirst(2))), flag.type != .bool { index += 1 }
                continue
            }
            if positionalIndex < signature.positionals.count, !signature.positionals[positionalIndex].isRest {
                positionalIndex += 1
            }
        }
        guard positionalIndex < signature.positionals.count else { return [] }
        if signature.name == "stage use" { return stages(positionalIndex, slot: arguments.first) }
        return values(of: signature.positionals[positionalIndex].type, partial: partial)
    }

    /// After `stage use`: the slots, then the implementations of the slot given (the active one marked).
    private func stages(_ position: Int, slot name: String?) -> [Candidate] {
        let registry = session.registry
        if position == 0 {
            return registry.slots.map { slot in
                let active = registry.activeStage(of: slot)?.descriptor.implementation ?? ""
                return Candidate(word: slot.rawValue, display: "\(slot.rawValue)  (\(active))", isComplete: true)
            }
        }
        guard let slot = registry.slots.first(where: { $0.rawValue == name }) else { return [] }
        let active = registry.activeStage(of: slot)?.descriptor.implementation
        return registry.implementations(of: slot).map { stage in
            let name = stage.descriptor.implementation
            return Candidate(word: name, display: name + (name == active ? "  (active)" : ""), isComplete: true)
        }
    }

    /// Commands whose words name columns of the rows piped in: every word, or only the first.
    private static let columnWords: [String: Bool] = ["select": true, "reject": true, "sort-by": true,
                                                      "group-by": false, "get": false, "update": false,
                                                      "str upcase": true, "str downcase": true, "str trim": true, "str length": true]

    /// The columns of the rows piped in (`Session.columns(of:)`) when the word being typed names one:
    /// a word of `select`, the first word of `group-by`, a word of a `where` condition that starts it
    /// or follows `and`, `or`, `not`. `nil` when the word is not a column.
    private func columnCandidates(_ command: String, arguments: [String], upstream: String) -> [Candidate]? {
        let words = arguments.filter { !$0.hasPrefix("-") }
        switch command {
        case "where": guard words.last.map({ ["and", "or", "not"].contains($0) }) ?? true else { return nil }
        default:
            guard let everyWord = Completer.columnWords[command], everyWord || words.isEmpty else { return nil }
        }
        guard !upstream.trimmingCharacters(in: " \t").isEmpty else { return [] }
        return (session.columns(of: upstream) ?? []).map { column in
            let word = column.contains(where: { " \t|;()[]{}\"'$".contains($0) }) ? Session.quoted(column) : column
            return Candidate(word: word, display: column, isComplete: true)
        }
    }

    private func values(of type: ArgumentType, partial: String) -> [Candidate] {
        switch type {
        case .choice(let options):
            return options.map { Candidate(word: $0, display: $0, isComplete: true) }
        case .id(let kind):
            return ids(of: kind, partial: partial)
        case .file:
            return files(partial)
        case .commandName:
            return session.table.names.map { String($0.split(separator: " ").first ?? "") }
                .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                .map { Candidate(word: $0, display: $0, isComplete: true) }
        default:
            return []
        }
    }

    /// A flag's suggested words, then the custom fields of its entities (`--by`: segments, then fields).
    private func suggestions(of flag: Flag) -> [Candidate] {
        let fields: [String] = (try? session.store.transaction(writing: false) { database in
            try flag.suggestions.customFieldsOf.flatMap { try CustomFields.fields(of: $0, in: database).map(\.name) }
        }) ?? []
        var seen = Set<String>()
        return (flag.suggestions.words + fields).filter { seen.insert($0).inserted }.map { Candidate(word: $0, display: $0, isComplete: true) }
    }

    private func ids(of kind: EntityKind, partial: String) -> [Candidate] {
        let prefix = partial.isEmpty ? kind.prefix + "-" : partial.uppercased()
        let registry = session.registry
        let described: [IDDescription] = (try? session.store.transaction(writing: false) { database in
            let context = StageContext(database: database, clock: session.clock, output: session.output,
                                       actor: session.actor, stage: nil)
            var result: [IDDescription] = []
            for slot in registry.slots {
                guard let stage = registry.activeStage(of: slot) else { continue }
                result += try stage.describeIDs(of: kind, matching: prefix, context: context.acting(as: stage.descriptor))
            }
            return result
        }) ?? []
        return described.map { item in
            // Keep the user's letter case for the prefix they typed.
            let word = partial.isEmpty ? item.id.description : String(partial.prefix(kind.prefix.count)) + String(item.id.description.dropFirst(kind.prefix.count))
            return Candidate(word: word, display: "\(item.id)  \(item.summary)", isComplete: true)
        }
    }

    private func files(_ partial: String) -> [Candidate] {
        let directory = partial.contains("/") ? String(partial[...(partial.lastIndex(of: "/") ?? partial.startIndex)]) : ""
        let path = directory.isEmpty ? "." : directory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        return names.sorted().filter { !$0.hasPrefix(".") || partial.hasPrefix(directory + ".") }.map { name in
            let isFolder = PathName.isFolder(directory.isEmpty ? name : directory + name)
            let word = directory + name + (isFolder ? "/" : "")
            return Candidate(word: word, display: word, isComplete: !isFolder)
        }
    }
}
