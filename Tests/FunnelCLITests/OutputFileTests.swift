import Foundation
import Testing

/// What commands write to files: never the open database, devices and FIFOs written in place (never
/// replaced by a regular file), sockets refused, new files owner-only, replaced files keep their mode.
@Suite struct OutputFileTests {
    func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    func fileType(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    @Test func theOpenDatabaseIsNeverWrittenOverWhateverTheFlags() throws {
        let funnel = FunnelProcess()
        try funnel.script("lead add Acme --email a@acme.example; lead add Beta")
        let folder = funnel.directory.path
        symlink(funnel.database, folder + "/alias.db")
        link(funnel.database, folder + "/hard.db")
        for (script, named) in [
            ("lead export funnel.db --force", "funnel.db"),
            ("lead list | save funnel.db --force", "funnel.db"),
            ("lead list | save funnel.db-wal --force", "funnel.db-wal"),
            ("lead list | save funnel.db-shm --force", "funnel.db-shm"),
            ("lead list | save ./state/../funnel.db --force", "./state/../funnel.db"),
            ("lead export alias.db --force", "alias.db"),
            ("lead export hard.db --force", "hard.db"),
            ("review run --period 2026-01 --html funnel.db --force", "funnel.db"),
        ] {
            try FileManager.default.createDirectory(atPath: folder + "/state", withIntermediateDirectories: true)
            let result = try funnel.run(["--db", "funnel.db", "-c", script])
            #expect(result.status == 1, "\(script)")
            #expect(result.stderr.contains("refusing to write \(named): it is"), "\(script): \(result.stderr)")
            #expect(result.stderr.contains("which Funnel has open; writing there would destroy it"), "\(script): \(result.stderr)")
        }
        // The database is whole, and still private.
        #expect(try funnel.script("lead list | count").stdout == "2\n")
        #expect(mode(funnel.database) == 0o600)
        // Another database file, not open, may be written over.
        let other = FunnelProcess()
        try other.script("lead add Gamma")
        #expect(try funnel.script("lead export \(other.database) --force").status == 0)
    }

    @Test func newFilesAreOwnerOnlyAndReplacedFilesKeepTheirMode() throws {
        let funnel = FunnelProcess()
        try funnel.script("lead add Acme --email a@acme.example")
        let folder = funnel.directory.path
        for script in ["lead export leads.csv", "lead list | save leads.json", "review run --period 2026-01 --html review.html --markdown review.md"] {
            #expect(try funnel.script(script).status == 0, "\(script)")
        }
        for name in ["leads.csv", "leads.json", "review.html", "review.md"] {
            #expect(mode(folder + "/" + name) == 0o600, "\(name)")
        }
        // Replacing keeps the mode the user chose, wider or narrower.
        chmod(folder + "/leads.csv", 0o640)
        chmod(folder + "/leads.json", 0o400)
        #expect(try funnel.script("lead export leads.csv --force; lead list | save leads.json --force").status == 0)
        #expect(mode(folder + "/leads.csv") == 0o640)
        #expect(mode(folder + "/leads.json") == 0o400)
        #expect(try String(contentsOfFile: folder + "/leads.csv", encoding: .utf8).contains("a@acme.example"))
        // A symbolic link is followed: the file it names is replaced, the link stays.
        symlink("leads.csv", folder + "/link.csv")
        #expect(try funnel.script("lead list | save link.csv --force").status == 0)
        #expect(fileType(folder + "/link.csv") == S_IFLNK)
        #expect(fileType(folder + "/leads.csv") == S_IFREG)
        // No temporary file is left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func aFIFOIsWrittenInPlaceAndASocketIsRefused() throws {
        let funnel = FunnelProcess()
        try funnel.script("lead add Acme")
        let fifo = funnel.directory.path + "/pipe.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        let read = LockedData()
        // Reads the FIFO to its end, as a program at its other end would.
        let reader = Thread {
            var bytes: [UInt8] = []
            let fd = open(fifo, O_RDONLY)
            var chunk = [UInt8](repeating: 0, count: 4096)
            while fd >= 0 {
                let count = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                bytes += chunk[..<count]
            }
            close(fd)
            read.set(Data(bytes))
        }
        reader.start()
        // Funnel refuses a FIFO nothing reads yet: give the reader thread the moment it needs to open it.
        var written = try funnel.script("lead export pipe.csv --force")
        for _ in 0..<50 where written.stderr.contains("nothing is reading the FIFO") {
            usleep(20_000)
            written = try funnel.script("lead export pipe.csv --force")
        }
        #expect(written.status == 0, "\(written.stderr)")
        if !read.isSet, written.status != 0 {
            // Funnel did not open the FIFO: open it here so the reader ends.
            close(open(fifo, O_WRONLY))
        }
        while !read.isSet { usleep(1000) }
        #expect(String(decoding: read.value, as: UTF8.self).hasPrefix("id,name"))
        #expect(fileType(fifo) == S_IFIFO)

        let socketPath = funnel.directory.path + "/sock.csv"
        let server = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(server) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in socketPath.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(server, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        let refused = try funnel.script("lead list | save sock.csv --force")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("sock.csv is a socket; Funnel writes only regular files, character devices and FIFOs"), "\(refused.stderr)")
        #expect(fileType(socketPath) == S_IFSOCK)
    }

    /// A FIFO nothing reads is refused at once, not waited on forever (a batch script would hang).
    @Test func aFIFONothingReadsIsRefusedAtOnce() throws {
        let funnel = FunnelProcess()
        let fifo = funnel.directory.path + "/nobody.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        let refused = try funnel.script("[{a: 1}] | save nobody.csv --force")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("nothing is reading the FIFO nobody.csv"), "\(refused.stderr)")
        #expect(fileType(fifo) == S_IFIFO)
    }

    /// A character device node made for the test (the null device's numbers, in the test's folder):
    /// written in place, still a device afterwards. Needs root to make the node.
    @Test(.enabled(if: geteuid() == 0)) func aCharacterDeviceIsWrittenInPlace() throws {
        let funnel = FunnelProcess()
        try funnel.script("lead add Acme")
        let device = funnel.directory.path + "/null-device"
        #expect(mknod(device, S_IFCHR | 0o600, dev_t((1 << 8) | 3)) == 0)
        for script in ["lead export null-device --force", "lead list | save null-device --force", "lead list | save null-device"] {
            let result = try funnel.script(script)
            #expect(result.status == 0, "\(script): \(result.stderr)")
            #expect(fileType(device) == S_IFCHR, "\(script) replaced the device")
        }
    }
}
