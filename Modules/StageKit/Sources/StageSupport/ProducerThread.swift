#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit

/// Runs `produce` on a thread of its own and hands what it emits to the caller through a small
/// bounded buffer, so reading and checking a file overlaps with writing it to the database.
///
/// The caller takes items with `next()` (nil at the end; the producer's error is rethrown there) and
/// must call `finish()` when done, also when it stops early: that tells the producer to stop emitting
/// and waits for its thread, so whatever the producer wrote is safe to read afterwards.
public final class ProducerThread<Item>: @unchecked Sendable {
    /// Emits one item; false when the consumer has stopped, so the producer should return.
    public typealias Emit = (Item) -> Bool

    private let condition = Condition()
    private var buffer: [Item] = []
    private let capacity: Int
    private var produced = false
    private var stopped = false
    private var failure: (any Error)?
    private let produce: (Emit) throws -> Void

    public init(capacity: Int = 4, _ produce: @escaping (Emit) throws -> Void) {
        self.capacity = max(1, capacity)
        self.produce = produce
        if !Threads.detach(stackSize: 8 << 20, { [self] in run() }) {
            // No thread to be had: `next()` reports it.
            failure = CommandError("cannot start a thread to read the input")
            produced = true
        }
    }

    private func run() {
        do { try produce { [self] item in put(item) } } catch {
            condition.lock()
            failure = error
            condition.unlock()
        }
        condition.lock()
        produced = true
        condition.broadcast()
        condition.unlock()
    }

    private func put(_ item: Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while buffer.count >= capacity, !stopped { condition.wait() }
        guard !stopped else { return false }
        buffer.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, nil when the producer has finished; throws what the producer threw.
    public func next() throws -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while buffer.isEmpty, !produced { condition.wait() }
        if !buffer.isEmpty {
            condition.broadcast()
            return buffer.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the producer (it sees `emit` return false) and waits for its thread to end.
    public func finish() {
        condition.lock()
        stopped = true
        buffer.removeAll()
        condition.broadcast()
        while !produced { condition.wait() }
        condition.unlock()
    }
}
