#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// Funnel's side of the plugin protocol (docs/plugin-protocol.md): JSON lines, a handshake that
/// agrees on a version, calls carrying batches of records, answers streamed back, and goodbye.
enum PluginProtocol {
    /// The protocol version Funnel speaks. A plugin must share the major; the lower minor is used.
    static let major = 1
    static let minor = 1
    static var version: String { "\(major).\(minor)" }

    /// Starts the plugin and shakes hands; returns the connection and what the plugin offers.
    /// `isCancelled` (Ctrl-C) ends the handshake too.
    static func open(_ path: String, timeout: Double,
                     isCancelled: @escaping @Sendable () -> Bool = { false }) throws -> (PluginConnection, PluginManifest) {
        let connection = try PluginConnection(path: path)
        connection.isCancelled = isCancelled
        defer { connection.isCancelled = { false } }
        try connection.send("{\"type\":\"hello\",\"protocol\":\"\(version)\",\"funnel\":\"0.1.0\"}", timeout: timeout)
        let hello = try message(connection.receive(timeout: timeout), from: connection)
        if hello.text("type") == "error" {
            throw connection.failure("refused the handshake: \(hello.text("message") ?? "no reason given")")
        }
        guard hello.text("type") == "hello" else { throw connection.failure("answered the handshake with \(hello.text("type") ?? "no type")") }
        let agreed = try negotiate(hello.text("protocol"), connection: connection)
        var stages: [PluginManifest.Stage] = []
        for case .record(let stage) in hello.list("stages") {
            guard let slot = stage.text("slot"), !slot.isEmpty, let implementation = stage.text("implementation"), !implementation.isEmpty else {
                throw connection.failure("offered a stage without a slot and implementation")
            }
            var commands: [PluginManifest.Command] = []
            for case .record(let command) in stage.list("commands") {
                guard let name = command.text("name"), !name.isEmpty else { throw connection.failure("offered a command without a name") }
                let kind = command.text("kind") ?? "table"
                guard ["screen", "table", "verb"].contains(kind) else {
                    throw connection.failure("offered command \(name) of kind \(kind); Funnel knows screen, table and verb")
                }
                let fields = command["fields"] == nil ? nil : command.list("fields").compactMap { $0.plainTextOrNil }
                var offered = PluginManifest.Command(name: name, kind: kind, summary: command.text("summary") ?? "", fields: fields)
                if kind == "verb" {
                    guard agreed != "1.0" else { throw connection.failure("offered verb \(name), which needs protocol 1.1; it agreed on 1.0") }
                    offered = try verb(offered, command, connection: connection)
                }
                commands.append(offered)
            }
            var exitRequires: [String]?
            if case .record(let gate)? = stage["gate"] {
                exitRequires = gate.list("exit").compactMap { $0.plainTextOrNil }
                for kind in exitRequires ?? [] where !SlotRecord.isKindName(kind) {
                    throw connection.failure("declared a gate of \(slot) asking for \"\(kind)\", which is not a kind of record (lower-case letters, digits, dashes)")
                }
            }
            stages.append(.init(slot: slot, implementation: implementation, summary: stage.text("summary") ?? "",
                                follows: stage.text("follows"), commands: commands, exitRequires: exitRequires))
        }
        guard !stages.isEmpty else { throw connection.failure("offered no stages") }
        let manifest = PluginManifest(path: path, name: hello.text("name") ?? PathName.last(path),
                                      version: hello.text("version") ?? "?", protocolVersion: agreed,
                                      features: hello.list("features").compactMap { $0.plainTextOrNil }, stages: stages)
        return (connection, manifest)
    }

    /// A verb's declaration checked: known argument types, shapes and impact.
    static func verb(_ base: PluginManifest.Command, _ command: Record, connection: PluginConnection) throws -> PluginManifest.Command {
        var verb = base
        func parameters(_ field: String) throws -> [PluginManifest.Parameter] {
            try command.list(field).map { item in
                guard case .record(let parameter) = item, let name = parameter.text("name"), !name.isEmpty,
                      name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                    throw connection.failure("declared a \(field.dropLast()) of \(base.name) without a plain name")
                }
                let type = parameter.text("type") ?? "string"
                guard ExternalVerbCommand.argumentType(type) != nil else {
                    throw connection.failure("declared \(base.name) \(name) of type \(type); types: " + ExternalVerbCommand.typeNames.joined(separator: ", "))
                }
                var optional: Bool?
                if case .bool(let given)? = parameter["optional"] { optional = given }
                var choices: [String]?
                if parameter["choices"] != nil, parameter["choices"] != .null {
                    let words = parameter.list("choices").compactMap(\.plainTextOrNil)
                    guard !words.isEmpty, words.count == parameter.list("choices").count, type == "string" || type == "word" else {
                        throw connection.failure("declared \(base.name) \(name) with choices that are not a list of words of a string argument")
                    }
                    choices = words
                }
                var defaultText: String?
                switch parameter["default"] {
                case nil, .null?: break
                case .string(let text)?: defaultText = text
                case .int(let number)?: defaultText = String(number)
                case .bool(let flag)?: defaultText = String(flag)
                case .decimal(let number)?: defaultText = "\(number)"
                default: throw connection.failure("declared \(base.name) \(name) with a default that is not text, a number or true/false")
                }
                if let defaultText {
                    guard field == "flags" else { throw connection.failure("declared a default for \(base.name)'s positional \(name); only flags have defaults") }
                    guard let value = ExternalVerbCommand.value(defaultText, type: type, choices: choices) else {
                        throw connection.failure("declared \(base.name) --\(name) with default \"\(defaultText)\", which is not a \(type)"
                                                 + (choices.map { " among " + $0.joined(separator: ", ") } ?? ""))
                    }
                    _ = value
                }
                return PluginManifest.Parameter(name: name, type: type, summary: parameter.text("summary") ?? "", optional: optional,
                                                choices: choices, defaultText: defaultText)
            }
        }
        verb.positionals = try parameters("positionals")
        verb.flags = try parameters("flags")
        verb.input = command.text("input") ?? "nothing"
        verb.output = command.text("output") ?? "table"
        verb.impact = command.text("impact") ?? "low"
        guard ["nothing", "table"].contains(verb.input), ["nothing", "table"].contains(verb.output),
              ["none", "low", "high"].contains(verb.impact) else {
            throw connection.failure("declared \(base.name) with input \(verb.input ?? ""), output \(verb.output ?? "") or impact \(verb.impact ?? "") "
                                     + "Funnel does not know (input and output: nothing or table; impact: none, low or high)")
        }
        return verb
    }

    /// The version both sides speak, or the reason there is none.
    static func negotiate(_ offered: String?, connection: PluginConnection) throws -> String {
        let parts = (offered ?? "").split(separator: ".").map { Int($0) }
        guard parts.count == 2, let theirMajor = parts[0], let theirMinor = parts[1] else {
            throw connection.failure("gave protocol version \"\(offered ?? "")\", not MAJOR.MINOR")
        }
        guard theirMajor == major else {
            throw connection.failure("speaks protocol \(theirMajor).\(theirMinor); Funnel speaks \(version) (the major versions must match)")
        }
        return "\(major).\(min(minor, theirMinor))"
    }

    /// Sends one call with a batch of records and gathers the records streamed back until `done`.
    static func call(_ connection: PluginConnection, id: Int, command: String, arguments: Record, records: [Value],
                     timeout: Double) throws -> [Record] {
        try send(connection, id: id, command: command, arguments: arguments, records: records, timeout: timeout)
        return try answers(connection, id: id, timeout: timeout)
    }

    /// Writes a call; its answers are read with `answers(_:id:timeout:)`, possibly after the next call
    /// has been sent (Funnel keeps two batches in flight, so the plugin works while Funnel encodes).
    static func send(_ connection: PluginConnection, id: Int, command: String, arguments: Record, records: [Value], timeout: Double,
                     now: Date? = nil) throws {
        // One list value written in one go: no intermediate text per record.
        let clock = now.map { ",\"now\":\(Value.jsonQuoted(Day.formatTimestamp($0)))" } ?? ""
        let line = "{\"type\":\"call\",\"id\":\(id),\"command\":\(Value.jsonQuoted(command))\(clock),\"arguments\":\(Value.record(arguments).json),\"records\":"
            + Value.list(records).json + "}"
        try connection.send(line, timeout: timeout)
    }

    /// The records answering call `id`, until its `done`.
    static func answers(_ connection: PluginConnection, id: Int, timeout: Double) throws -> [Record] {
        try answer(connection, id: id, timeout: timeout).records
    }

    /// Everything answering call `id`, until its `done`: records, hand-offs and lines to show.
    static func answer(_ connection: PluginConnection, id: Int, timeout: Double) throws -> PluginAnswer {
        var answers: [Record] = [], handoffs: [Record] = [], said: [String] = []
        while true {
            let reply = try message(connection.receive(timeout: timeout), from: connection)
            guard reply["id"] == .int(Int64(id)) else { throw connection.failure("answered call \(id) with id \(reply["id"]?.plainText ?? "none")") }
            switch reply.text("type") {
            case "records":
                if case .table(let table)? = reply["records"] {  // a list of objects reads as a table
                    answers += table.rows
                    continue
                }
                for item in reply.list("records") {
                    guard case .record(let record) = item else { throw connection.failure("sent a record that is not an object") }
                    answers.append(record)
                }
            case "handoffs":
                for item in reply.list("handoffs") {
                    guard case .record(let record) = item else { throw connection.failure("sent a hand-off that is not an object") }
                    handoffs.append(record)
                }
            case "say":
                said.append(PluginText.capped(reply.text("text") ?? ""))
            case "done": return PluginAnswer(records: answers, handoffs: handoffs, said: said)
            case "error": throw PluginFailure(reply.text("message").map { "plugin \(connection.path): \($0)" } ?? "plugin \(connection.path) failed without a message")
            default: throw connection.failure("sent a message of type \(reply.text("type") ?? "none") during a call")
            }
        }
    }

    /// One line as a JSON object, or a failure quoting the start of what the plugin wrote.
    static func message(_ line: String, from connection: PluginConnection) throws -> Record {
        let parsed: Value
        do { parsed = try JSONReader.parse(line) } catch {
            throw connection.failure("wrote \"\(line.prefix(60))\", which is not JSON (\(error.description))")
        }
        guard case .record(let record) = parsed else { throw connection.failure("wrote \"\(line.prefix(60))\", which is not a JSON object") }
        return record
    }
}

extension Record {
    func text(_ name: String) -> String? { if case .string(let text)? = self[name] { return text } else { return nil } }
    func list(_ name: String) -> [Value] {
        switch self[name] {
        case .list(let items)?: return items
        case .table(let table)?: return table.rows.map(Value.record)
        default: return []
        }
    }
}

extension Value {
    var plainTextOrNil: String? { if case .string(let text) = self { return text } else { return nil } }
}

/// A plugin's whole answer to one call.
struct PluginAnswer {
    /// The records (a table command's rows, a screening's verdicts).
    var records: [Record]
    /// Hand-off records for Funnel to check, apply and journal (verbs).
    var handoffs: [Record]
    /// Lines for the user, shown as the command's messages.
    var said: [String]
}
