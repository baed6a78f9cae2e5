#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import FunnelModel
import StageKit

/// Files that commands write (`save`, `lead export`, `review run --html`): never overwritten without
/// `--force`, never a directory, never the open database, written whole (a failed write leaves the
/// old file as it was), failures explained.
///
/// - A new file is created readable and writable by its owner only (0600, or stricter if the umask
///   says so): what commands write holds customers' names, e-mails and phones.
/// - A regular file is replaced through a temporary file renamed over it, keeping its mode (and, for
///   root, its owner); a symbolic link is followed, so the file it names is replaced and the link stays.
/// - A character device or FIFO (`/dev/null`, a named pipe another program reads) is written in place.
///   Other special files (block devices, sockets) are refused.
/// - The database a store has open, and its `-wal`, `-shm` and `-journal` companions, are refused
///   whatever the flags: writing over them would destroy the data (`protect(database:)`).
public enum OutputFile {
    /// The files of the databases this process has open: paths with symbolic links resolved, and the
    /// device and inode of each database file (so a hard link to it is recognised too).
    private static let protected = ProtectedFiles()

    /// Marks the database at `path`, and its companions, as never to be written by a command.
    /// The SQLite store calls it when it opens a file.
    public static func protect(database path: String) {
        protected.add(database: path)
    }

    /// Throws when `path` must not be written: a directory, the open database or one of its
    /// companions, a special file other than a character device or FIFO, or an existing file without
    /// `force`.
    public static func check(_ path: String, force: Bool) throws {
        try refuseProtected(path)
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            throw CommandError("\(path) is a directory", argument: "file", hint: "name a file inside it, e.g. \(path)/out.csv")
        case S_IFCHR, S_IFIFO:
            return  // written in place: nothing stored there is lost
        case S_IFREG:
            if !force { throw CommandError("\(path) exists", argument: "file", hint: "add --force to overwrite it") }
        default:
            throw CommandError("\(path) is \(kind(of: info.st_mode)); Funnel writes only regular files, character devices and FIFOs",
                               argument: "file")
        }
    }

    /// Writes `text` and a final new line to `path` (see the type's rules).
    public static func write(_ text: String, to path: String) throws {
        try write(Data((text + "\n").utf8), to: path)
    }

    /// Writes `data` to `path` exactly (see the type's rules).
    public static func write(_ data: Data, to path: String) throws {
        try refuseProtected(path)
        let target = resolvedLink(path)
        var info = stat()
        guard stat(target, &info) == 0 else {
            guard errno == ENOENT else { throw CommandError("cannot write \(path): \(String(cString: strerror(errno)))", argument: "file") }
            try replace(target, named: path, with: data, mode: 0o600 & ~currentUmask(), owner: nil)
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            try replace(target, named: path, with: data, mode: info.st_mode & 0o7777, owner: (info.st_uid, info.st_gid))
        case S_IFCHR, S_IFIFO:
            try writeInPlace(target, named: path, data: data)
        case S_IFDIR:
            throw CommandError("\(path) is a directory", argument: "file", hint: "name a file inside it, e.g. \(path)/out.csv")
        default:
            throw CommandError("\(path) is \(kind(of: info.st_mode)); Funnel writes only regular files, character devices and FIFOs",
                               argument: "file")
        }
    }

    // MARK: - Writing

    /// Writes a temporary file beside `target`, gives it `mode` (and `owner`), and renames it over
    /// `target`; the temporary file is removed on any failure.
    private static func replace(_ target: String, named path: String, with data: Data, mode: mode_t, owner: (uid_t, gid_t)?) throws {
        let folder = PathName.folder(target)
        if !folder.isEmpty, !PathName.isFolder(folder) {
            throw CommandError("cannot write \(path): there is no folder \(folder)", argument: "file")
        }
        var template = Array(((folder.isEmpty ? "" : folder + "/") + "." + PathName.last(target) + ".XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw CommandError("cannot write \(path): \(String(cString: strerror(errno)))", argument: "file") }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do {
            defer { close(fd) }
            try writeAll(fd, data, path: path)
            guard fchmod(fd, mode) == 0 else { throw failure(path) }
            if let (uid, gid) = owner, geteuid() == 0, uid != 0 || gid != 0 { _ = fchown(fd, uid, gid) }
            guard fsync(fd) == 0 else { throw failure(path) }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, target) == 0 else {
            let failed = failure(path)
            unlink(temporary)
            throw failed
        }
        // The new name reaches the disk too, so a crash cannot leave the old file without the new one.
        let directory = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY)
        if directory >= 0 { fsync(directory); close(directory) }
    }

    /// Writes to a character device or FIFO as it is, without creating or replacing anything. A FIFO
    /// nothing reads is refused at once instead of waiting for a reader that may never come (a batch
    /// script would hang); one being read is then written as any file.
    private static func writeInPlace(_ target: String, named path: String, data: Data) throws {
        let fd = open(target, O_WRONLY | O_NOCTTY | O_NONBLOCK)
        guard fd >= 0 else {
            if errno == ENXIO {
                throw CommandError("nothing is reading the FIFO \(path)", argument: "file", hint: "start the program that reads it first")
            }
            throw failure(path)
        }
        defer { close(fd) }
        // Blocking writes from here on: a reader slower than Funnel is waited for, not failed.
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        try writeAll(fd, data, path: path)
    }

    private static func writeAll(_ fd: Int32, _ data: Data, path: String) throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(fd, base + offset, bytes.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { throw failure(path) }
                offset += written
            }
        }
    }

    private static func failure(_ path: String) -> CommandError {
        CommandError("cannot write \(path): \(String(cString: strerror(errno)))", argument: "file")
    }

    // MARK: - What may be written

    private static func refuseProtected(_ path: String) throws {
        if let database = protected.database(matching: path) {
            throw CommandError("refusing to write \(path): it is \(database == canonical(path) ? "the database" : "a file of the database") "
                               + "\(PathName.last(database)), which Funnel has open; writing there would destroy it",
                               argument: "file", hint: "name another file")
        }
    }

    /// `path` with a final symbolic link (or a chain of them) followed.
    private static func resolvedLink(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return path }
        return canonical(path)
    }

    /// The absolute path with every symbolic link resolved; for a file that does not exist, its folder's
    /// resolved path and its name.
    static func canonical(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let folder = PathName.folder(path)
        let name = PathName.last(path)
        guard let resolved = realpath(folder.isEmpty ? "." : folder, nil) else { return path }
        defer { free(resolved) }
        return PathName.joined(String(cString: resolved), name)
    }

    private static func currentUmask() -> mode_t {
        let mask = umask(0o077)
        umask(mask)
        return mask
    }

    private static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }
}

/// The open databases' files, shared by every thread.
private final class ProtectedFiles: @unchecked Sendable {
    // @unchecked: every access holds the lock.
    private let lock = Lock()
    private var databases: [(path: String, device: UInt64, inode: UInt64)] = []

    func add(database path: String) {
        var info = stat()
        let identity = stat(path, &info) == 0 ? (UInt64(info.st_dev), UInt64(info.st_ino)) : (0, 0)
        lock.lock()
        defer { lock.unlock() }
        databases.append((OutputFile.canonical(path), identity.0, identity.1))
    }

    /// The database whose file, or companion file, `path` names.
    func database(matching path: String) -> String? {
        let target = OutputFile.canonical(path)
        var info = stat()
        let identity: (UInt64, UInt64)? = stat(path, &info) == 0 ? (UInt64(info.st_dev), UInt64(info.st_ino)) : nil
        lock.lock()
        defer { lock.unlock() }
        for database in databases {
            if ["", "-wal", "-shm", "-journal"].contains(where: { target == database.path + $0 }) { return database.path }
            // Only while the database file still is that inode: once it is deleted (a test's temporary
            // database), a new file may get its number.
            if let identity, database.inode != 0, identity == (database.device, database.inode),
               stat(database.path, &info) == 0, (UInt64(info.st_dev), UInt64(info.st_ino)) == identity {
                return database.path
            }
        }
        return nil
    }
}
