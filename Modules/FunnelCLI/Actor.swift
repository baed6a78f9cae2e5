#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Who is acting, for the journal: the OS user.
enum Actor {
    static var current: String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return Paths.environment["USER"] ?? "unknown"
    }
}

enum Version {
    static let current = "0.1.0"
}
