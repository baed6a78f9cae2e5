import StageSupport

/// A value computed on another thread while the caller goes on; `value` waits for it. `lead screen`
/// scores one batch of leads this way while it writes the batch before.
final class Background<T: Sendable>: @unchecked Sendable {
    private let done = Condition()
    private var finished = false
    // Written once by the work, read only after `finished` is seen under the lock.
    private var result: T?

    init(_ work: @escaping @Sendable () -> T) {
        let started = Threads.detach(stackSize: 8 << 20) {
            let value = work()
            self.done.lock()
            self.result = value
            self.finished = true
            self.done.broadcast()
            self.done.unlock()
        }
        if !started {
            result = work()
            finished = true
        }
    }

    /// The result, once the work has finished (never nil: the work always sets it before it ends).
    var value: T? {
        done.lock()
        defer { done.unlock() }
        while !finished { done.wait() }
        return result
    }
}
