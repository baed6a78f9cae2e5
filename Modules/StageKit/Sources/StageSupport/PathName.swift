#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parts of a file path, as `NSString`'s path methods give them (Funnel keeps full Foundation
/// off the path to the first result: see docs/benchmarks.md, start-up).
public enum PathName {
    /// The path without trailing slashes ("/" stays "/").
    private static func trimmed(_ path: String) -> Substring {
        var path = Substring(path)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        return path
    }

    /// The last component: "b.csv" for "a/b.csv" and "a/b.csv/"; "/" for "/"; "" for "".
    public static func last(_ path: String) -> String {
        let path = trimmed(path)
        guard path != "/" else { return "/" }
        guard let slash = path.lastIndex(of: "/") else { return String(path) }
        return String(path[path.index(after: slash)...])
    }

    /// The folder holding the last component: "a" for "a/b.csv", "" for "b.csv", "/" for "/b.csv".
    public static func folder(_ path: String) -> String {
        let path = trimmed(path)
        guard path != "/" else { return "/" }
        guard let slash = path.lastIndex(of: "/") else { return "" }
        var folder = path[..<slash]
        while folder.count > 1, folder.hasSuffix("/") { folder = folder.dropLast() }
        return folder.isEmpty ? "/" : String(folder)
    }

    /// `name` inside `folder`: "a/b.csv" for "a" and "b.csv", one slash between them.
    public static func joined(_ folder: String, _ name: String) -> String {
        guard !folder.isEmpty else { return name }
        return (folder.hasSuffix("/") ? folder : folder + "/") + name
    }

    /// The extension of the last component without its dot: "csv" for "a/b.csv", "" for "a/b" and
    /// "a/.profile".
    public static func `extension`(_ path: String) -> String {
        let name = last(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }

    /// Whether `path` names a folder (following symbolic links).
    public static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}
