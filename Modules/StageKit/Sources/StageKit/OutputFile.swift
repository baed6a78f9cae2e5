import Foundation

/// Files that commands write (`save`, `lead export`): never overwritten without `--force`, never a
/// directory, written whole (a failed write leaves the old file as it was), failures explained.
public enum OutputFile {
    /// Throws when `path` must not be written: a directory, or an existing file without `force`.
    public static func check(_ path: String, force: Bool) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue {
            throw CommandError("\(path) is a directory", argument: "file", hint: "name a file inside it, e.g. \(path)/out.csv")
        }
        if !force { throw CommandError("\(path) exists", argument: "file", hint: "add --force to overwrite it") }
    }

    /// Writes `text` and a final new line to `path`, through a temporary file renamed into place.
    public static func write(_ text: String, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !folder.isEmpty, !(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue) {
            throw CommandError("cannot write \(path): there is no folder \(folder)", argument: "file")
        }
        do { try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CommandError("cannot write \(path): \(error.localizedDescription)", argument: "file")
        }
    }
}
