import Foundation
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

    init(interpreter: Interpreter, frame: Frame) {
        self.interpreter = interpreter
        self.frame = frame
    }

    /// Runs `body` with another frame, input and row, restoring them afterwards.
    func with<T>(frame: Frame, input: Value, row: Record? = nil, _ body: () throws -> T) rethrows -> T {
        let saved = (self.frame, self.input, self.row)
        self.frame = frame
        self.input = input
        self.row = row
        defer { (self.frame, self.input, self.row) = saved }
        return try body()
    }
}
