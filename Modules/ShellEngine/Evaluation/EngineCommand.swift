#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// A command the shell itself provides. Unlike a stage's `Command`, it reaches the interpreter:
/// it can call closures, read relations, print and change the session.
public struct EngineCommand: Sendable {
    public let signature: CommandSignature
    /// It writes although its impact is `none`: it runs other commands in a savepoint it rolls back
    /// (`review replay`), so its statement takes the write lock like any writer's (see `Effects`).
    let writesAndUndoes: Bool
    let run: @Sendable (Invocation, CallContext) throws -> Value

    /// A command of the shell's own, outside any stage: `run` gets the invocation and a `CallContext`.
    public init(_ signature: CommandSignature, writesAndUndoes: Bool = false,
                run: @escaping @Sendable (Invocation, CallContext) throws -> Value) {
        self.signature = signature
        self.writesAndUndoes = writesAndUndoes
        self.run = run
    }
}

/// A command defined in the script with `def`.
final class UserCommand {
    let signature: CommandSignature
    /// The frame slot of each parameter, by name.
    let parameterSlots: [String: Int]
    var body: Node?
    /// What the body may do to the database (set with `body`).
    var effects = Effects()
    var frameSize = 0
    /// Defaults of optional positionals (flags carry theirs in the signature).
    var positionalDefaults: [String: Value] = [:]
    let unit: SourceUnit

    init(signature: CommandSignature, parameterSlots: [String: Int], unit: SourceUnit) {
        self.signature = signature
        self.parameterSlots = parameterSlots
        self.unit = unit
    }
}

/// A closure value's code and the frame it was created in.
final class CompiledClosure {
    let parameterCount: Int
    /// Whether it names its parameters (`{ |a, b| ... }`) rather than taking `$it`.
    let declaresParameters: Bool
    let body: Node
    let frameSize: Int
    let captured: Frame

    init(parameterCount: Int, declaresParameters: Bool = true, body: Node, frameSize: Int, captured: Frame) {
        self.parameterCount = parameterCount
        self.declaresParameters = declaresParameters
        self.body = body
        self.frameSize = frameSize
        self.captured = captured
    }
}
