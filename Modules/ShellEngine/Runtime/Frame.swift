import Foundation
import FunnelModel
import ShellSyntax
import StageKit

/// The variables of one running function (the script's top level, a `def` call or a closure call),
/// in slots the compiler assigned, with the frame of the enclosing function as parent.
final class Frame {
    var slots: [Value]
    let parent: Frame?

    init(size: Int, parent: Frame?) {
        self.slots = Array(repeating: .null, count: size)
        self.parent = parent
    }

    /// The frame `depth` functions out.
    func ancestor(_ depth: Int) -> Frame? {
        var frame: Frame? = self
        for _ in 0..<depth { frame = frame?.parent }
        return frame
    }

    /// Grows the frame to `size` slots (the top level grows as REPL entries define variables).
    func ensureSize(_ size: Int) {
        if slots.count < size { slots += Array(repeating: .null, count: size - slots.count) }
    }
}

/// Where a piece of code came from, shared by all the nodes compiled from one file or entry.
final class SourceUnit {
    let file: SourceFile
    init(_ file: SourceFile) { self.file = file }
}
