#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// The state code runs in: the current frame, the pipeline input (`$in`), the row a condition is
/// evaluated against, and the interpreter with its database and commands.
final class Env {
    let interpreter: Interpreter
    var frame: Frame
    var input: Value = .null
    var row: Record?
    /// The item a row condition tests when it is not a record (`[1 2 3] | where $it > 1`).
    var item: Value?

    init(interpreter: Interpreter, frame: Frame) {
        self.interpreter = interpreter
        self.frame = frame
    }

    /// Runs `body` with another frame, input and row, restoring them afterwards.
    func with<T>(frame: Frame, input: Value, row: Record? = nil, item: Value? = nil, _ body: () throws -> T) rethrows -> T {
        let saved = (self.frame, self.input, self.row, self.item)
        self.frame = frame
        self.input = input
        self.row = row
        self.item = item
        defer { (self.frame, self.input, self.row, self.item) = saved }
        return try body()
    }
}
