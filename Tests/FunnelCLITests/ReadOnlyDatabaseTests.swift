import Foundation
import Testing

/// A database Funnel cannot write is opened for reading: reads work, Funnel says so once, and
/// writes are refused with a clear message. Root can write any file whatever its mode, so these
/// run as root against a read-only bind mount, and as the user nobody against root's file.
@Suite struct ReadOnlyDatabaseTests {
    func check(_ run: (String) throws -> FunnelProcess.Result, where place: String) throws {
        let read = try run("lead list | count; lead list | get name | to json")
        #expect(read.status == 0, "\(place): \(read.stderr)")
        #expect(read.stdout == "2\n[\"Acme\",\"Beta\"]\n", "\(place)")
        #expect(read.stderr.components(separatedBy: "it is open for reading only").count == 2, "\(place): said once: \(read.stderr)")
        let write = try run("lead add Gamma")
        #expect(write.status == 3, "\(place)")
        #expect(write.stderr.contains("error: the database is open read-only (the file or its folder cannot be written): nothing was changed"),
                "\(place): \(write.stderr)")
        #expect(try run("lead list | count").stdout == "2\n", "\(place)")
    }

    @Test(.enabled(if: geteuid() == 0)) func aReadOnlyMountIsReadAndNeverWritten() throws {
        let funnel = FunnelProcess()
        try funnel.script("lead add Acme; lead add Beta")
        let mount = funnel.directory.path + "-ro"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        let bound = try FunnelProcess.runTool("/bin/mount", ["--bind", "-o", "ro", funnel.directory.path, mount])
        try #require(bound.status == 0, "mount --bind -o ro: \(bound.output)")
        defer { _ = try? FunnelProcess.runTool("/bin/umount", [mount]) }
        try check({ try funnel.run(["--db", mount + "/funnel.db", "-c", $0]) }, where: "read-only mount")
    }

    @Test(.enabled(if: geteuid() == 0)) func anotherUsersFileIsReadAndNeverWritten() throws {
        let funnel = FunnelProcess()
        try funnel.script("lead add Acme; lead add Beta")
        chmod(funnel.database, 0o644)
        chmod(funnel.directory.path, 0o755)
        let home = funnel.directory.path + "-nobody"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        _ = try FunnelProcess.runTool("/bin/chown", ["nobody", home])
        try check({ script in
            try funnel.run(["-u", "nobody", "--", "env", "HOME=\(home)", "XDG_STATE_HOME=\(home)/state", "XDG_CONFIG_HOME=\(home)/config",
                            "XDG_DATA_HOME=\(home)/data", FunnelProcess.binary, "--db", funnel.database, "-c", script],
                           executable: "/usr/sbin/runuser")
        }, where: "as nobody")
    }
}
