#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Plugin files Funnel refuses to run or load: someone else could have changed them (writable by
/// its group or by anyone, or another user's file).
enum PluginSafety {
    /// `executable`: an out-of-process plugin must be runnable; a shared object need only be readable.
    static func check(_ path: String, executable: Bool = true) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { throw PluginFailure("\(path): \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw PluginFailure("\(path) is not a regular file") }
        if executable, access(path, X_OK) != 0 { throw PluginFailure("\(path) is not executable (chmod +x it)") }
        if info.st_mode & S_IWOTH != 0 {
            throw PluginFailure("refusing \(path): anyone may write to it (chmod o-w \(path))")
        }
        if info.st_mode & S_IWGRP != 0 {
            throw PluginFailure("refusing \(path): its group may write to it (chmod g-w \(path))")
        }
        if info.st_uid != getuid(), info.st_uid != 0 {
            throw PluginFailure("refusing \(path): it belongs to another user (uid \(info.st_uid))")
        }
    }
}
