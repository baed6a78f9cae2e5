#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageKit

/// The variables of one running function (the script's top level, a `def` call or a closure call),
/// in slots the compiler assigned, with the frame of the enclosing function as parent.
///
/// The slots live in manually managed memory: the interpreter reads and writes them millions of
/// times, and an array's bounds, uniqueness and exclusivity checks were a measurable share of a loop.
final class Frame {
    /// The slots; `count` of them are initialised.
    private(set) var slots: UnsafeMutablePointer<Value>
    private(set) var count: Int
    let parent: Frame?

    init(size: Int, parent: Frame?) {
        // SAFETY: allocated and fully initialised here, released in deinit; the compiler only ever
        // emits slot numbers below the size it gave the frame (or `ensureSize` grew it to).
        count = size
        slots = .allocate(capacity: max(size, 1))
        slots.initialize(repeating: .null, count: size)
        self.parent = parent
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// Sets every slot to null, letting go of what they held.
    func clear() {
        for slot in 0..<count { slots[slot] = .null }
    }

    /// The frame `depth` functions out.
    func ancestor(_ depth: Int) -> Frame? {
        var frame: Frame? = self
        for _ in 0..<depth { frame = frame?.parent }
        return frame
    }

    /// Grows the frame to `size` slots (the top level grows as REPL entries define variables).
    func ensureSize(_ size: Int) {
        guard size > count else { return }
        let grown = UnsafeMutablePointer<Value>.allocate(capacity: size)
        grown.moveInitialize(from: slots, count: count)
        (grown + count).initialize(repeating: .null, count: size - count)
        slots.deallocate()
        slots = grown
        count = size
    }

    /// The slot's integer, read in place without copying the value, when it holds one.
    @inline(__always)
    func integer(at slot: Int) -> Int64? {
        guard slot < count, case .int(let value) = slots[slot] else { return nil }
        return value
    }

    /// Every slot's value, to put back with `restore(_:)` when a statement fails.
    func snapshot() -> [Value] { (0..<count).map { slots[$0] } }

    /// Puts back the values `snapshot()` took; slots grown since keep null.
    func restore(_ values: [Value]) {
        for index in 0..<min(values.count, count) { slots[index] = values[index] }
        for index in values.count..<max(values.count, count) { slots[index] = .null }
    }

    /// The value in a slot, or null for a slot the frame does not have (which the compiler never emits).
    subscript(slot: Int) -> Value {
        get { slot < count ? slots[slot] : .null }
        set { if slot < count { slots[slot] = newValue } }
    }
}

/// Where a piece of code came from, shared by all the nodes compiled from one file or entry.
final class SourceUnit {
    let file: SourceFile
    init(_ file: SourceFile) { self.file = file }
}
