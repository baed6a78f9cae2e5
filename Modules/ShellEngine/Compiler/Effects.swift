#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ShellSyntax
import StageHost
import StageKit

/// What compiled code may do to the database, worked out before it runs so that a statement that
/// may write takes the write lock when it starts (waiting for other writers) and one that only reads
/// waits for nothing.
struct Effects {
    /// It calls a command whose impact is not `none` (in any implementation of it), or runs a
    /// closure it cannot see (one held in a variable), which might.
    var writes = false
    /// The user's commands (`def`s) it calls, whose own effects count too.
    var calls: Set<String> = []

    /// Notes a call of `entry` (named `name`) with `arguments`.
    mutating func note(_ entry: CommandTable.Entry, named name: String, arguments: ArraySlice<Argument>,
                       registry: StageRegistry) {
        switch entry {
        case .user:
            calls.insert(name)
        case .engine(let command):
            if command.signature.impact != .none || command.writesAndUndoes { writes = true }
        case .stage:
            // The call runs whichever implementation is active then: any of them may be.
            if registry.commands(named: name).contains(where: { $0.signature.impact != .none }) { writes = true }
        }
        if Effects.runsUnseenClosure(entry.signature, arguments) { writes = true }
    }

    /// Whether a closure-typed parameter (or `update`/`insert`'s value, which may be a closure)
    /// receives anything but a closure written out in place.
    private static func runsUnseenClosure(_ signature: CommandSignature, _ arguments: ArraySlice<Argument>) -> Bool {
        let takesClosure = signature.positionals.contains { $0.type == .closure } || ["update", "insert"].contains(signature.name)
        guard takesClosure else { return false }
        return arguments.contains { argument in
            switch argument {
            case .positional(.variable), .positional(.subexpression), .positional(.call): return true
            default: return false
            }
        }
    }

    /// Whether code with these effects may write, following the `def`s it calls through `commands`
    /// (a `def` whose body is not compiled counts as writing).
    func mayWrite(commands: (String) -> UserCommand?) -> Bool {
        if writes { return true }
        var seen = Set<String>(), waiting = Array(calls)
        while let name = waiting.popLast() {
            guard seen.insert(name).inserted else { continue }
            guard let command = commands(name), command.body != nil else { return true }
            if command.effects.writes { return true }
            waiting += command.effects.calls
        }
        return false
    }
}
