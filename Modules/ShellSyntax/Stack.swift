#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// The call stack of the running thread: how much is left, and running code on a thread with more.
///
/// Parsing, compiling and running a script recurse once per level of nesting (docs/architecture.md
/// gives the limit, `Parser.maximumNesting`). The limit keeps the recursion bounded; this keeps the
/// bound affordable: `withAtLeast` runs its body on a thread with a large stack when the current
/// thread (a process's main thread has 8 MiB, other threads often 512 KiB) has too little left.
public enum Stack {
    /// The stack every script runs with: room for `Parser.maximumNesting` levels of nesting and as
    /// many nested calls, which take up to about 30 MB in a debug build (docs/architecture.md).
    public static let scriptSize = 256 << 20

    /// The address of the current frame, roughly; the stack grows down from it.
    @inline(never)
    public static func pointer() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// The lowest usable address of the current thread's stack, or `nil` when it cannot be known:
    /// on Linux it is known for the threads `withAtLeast` starts only.
    public static func floor() -> UInt? {
        #if canImport(Darwin)
        let thread = pthread_self()
        let top = UInt(bitPattern: pthread_get_stackaddr_np(thread))
        let size = UInt(pthread_get_stacksize_np(thread))
        return top > size ? top - size + UInt(guardMargin) : nil
        #elseif canImport(Glibc)
        // glibc's pthread_getattr_np is a GNU extension Swift does not import.
        guard let value = pthread_getspecific(floorKey) else { return nil }
        return UInt(bitPattern: value)
        #else
        return nil
        #endif
    }

    /// Kept clear at the bottom of a stack: guard pages and whatever the estimate of its end misses.
    private static let guardMargin = 1 << 20

    #if !canImport(Darwin) && canImport(Glibc)
    /// The thread-specific slot holding the floor of a thread `withAtLeast` started.
    private static let floorKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
    #endif

    /// The bytes of stack left below the current frame, or `nil` when they cannot be known.
    public static func remaining() -> Int? {
        guard let floor = floor() else { return nil }
        let here = pointer()
        return here > floor ? Int(here - floor) : 0
    }

    /// Runs `body` on this thread when at least `bytes` of stack are left, otherwise on a new thread
    /// with a stack of `bytes` (and a little more), waiting for it to finish.
    public static func withAtLeast<T, E: Error>(_ bytes: Int, _ body: () throws(E) -> T) throws(E) -> T {
        if let left = remaining(), left >= bytes { return try body() }
        var result: Result<T, E>?
        withoutActuallyEscaping(body) { escapable in
            let job = Job { result = Result { () throws(E) -> T in try escapable() } }
            if !job.runOnThread(stackSize: bytes + 2 * guardMargin) { job.work() }
        }
        // `result` is always set: the job ran, on the new thread or (when none could be made) here.
        return try result!.get()
    }

    /// Work handed to a new thread.
    private final class Job {
        let work: () -> Void
        var stackSize = 0
        init(_ work: @escaping () -> Void) { self.work = work }

        /// Runs on the new thread: notes where its stack ends, then works.
        func start() {
            #if !canImport(Darwin) && canImport(Glibc)
            // The thread's stack spans `stackSize` bytes below its top, which lies above this frame
            // by thread-local storage and a few frames: a margin of `guardMargin` covers them.
            let floor = Stack.pointer() - UInt(stackSize) + UInt(guardMargin)
            pthread_setspecific(Stack.floorKey, UnsafeRawPointer(bitPattern: floor))
            #endif
            work()
        }

        /// Runs `work` on a new thread with that stack size and waits for it; false when no thread
        /// could be made.
        func runOnThread(stackSize: Int) -> Bool {
            #if canImport(Darwin) || canImport(Glibc)
            var attributes = pthread_attr_t()
            guard pthread_attr_init(&attributes) == 0 else { return false }
            defer { pthread_attr_destroy(&attributes) }
            let page = 1 << 16
            self.stackSize = (stackSize + page - 1) / page * page
            guard pthread_attr_setstacksize(&attributes, self.stackSize) == 0 else { return false }
            let context = Unmanaged.passRetained(self).toOpaque()
            #if canImport(Darwin)
            var thread: pthread_t?
            let started = pthread_create(&thread, &attributes, { context in
                Unmanaged<Job>.fromOpaque(context).takeRetainedValue().start()
                return nil
            }, context)
            guard started == 0, let thread else {
                Unmanaged<Job>.fromOpaque(context).release()
                return false
            }
            #else
            var thread = pthread_t()  // glibc: an integer
            let started = pthread_create(&thread, &attributes, { context in
                guard let context else { return nil }
                Unmanaged<Job>.fromOpaque(context).takeRetainedValue().start()
                return nil
            }, context)
            guard started == 0 else {
                Unmanaged<Job>.fromOpaque(context).release()
                return false
            }
            #endif
            pthread_join(thread, nil)
            return true
            #else
            return false
            #endif
        }
    }
}
