import Dispatch

/// A value computed on another thread while the caller goes on; `value` waits for it. `lead screen`
/// scores one batch of leads this way while it writes the batch before.
final class Background<T: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    // Written once by the work, read only after `done` has been waited for.
    private var result: T?

    init(_ work: @escaping @Sendable () -> T) {
        done.enter()
        DispatchQueue.global().async {
            self.result = work()
            self.done.leave()
        }
    }

    /// The result, once the work has finished (never nil: the work always sets it before it ends).
    var value: T? {
        done.wait()
        return result
    }
}
