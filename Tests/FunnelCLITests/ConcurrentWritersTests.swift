import Foundation
import Testing

/// Several funnel processes writing one database at once, as a busy team would: statements that may
/// write take the write lock when they start and wait for it, so none fails and no update is lost.
@Suite struct ConcurrentWritersTests {
    /// Runs `funnel` with `arguments` in `funnel`'s folder without waiting.
    func start(_ funnel: FunnelProcess, _ arguments: [String], environment extra: [String: String] = [:]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FunnelProcess.binary)
        process.arguments = arguments
        process.currentDirectoryURL = funnel.directory
        process.environment = funnel.environment(extra)
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        return (process, errors)
    }

    @Test func threeProcessesMakingAHundredWritesEachLoseNothing() throws {
        let funnel = FunnelProcess()
        try funnel.script("lead add Counter --budget 0; lead add A; lead add B; lead add C")
        var running: [(Process, Pipe)] = []
        for writer in 1...3 {
            // Per round: a read-modify-write of one shared lead in one statement, an edit of the
            // writer's own lead, and a new lead.
            let script = (0..<100).map { round in
                "if true { let b = (lead show L-1 | get budget); lead edit L-1 --budget ($b + 1CNY) }\n"
                    + "lead edit L-\(writer + 1) --need \(round % 4)\n"
                    + "lead add W\(writer)-\(round)\n"
            }.joined()
            let file = funnel.directory.appendingPathComponent("writer\(writer).funnel").path
            try Data(script.utf8).write(to: URL(fileURLWithPath: file))
            running.append(try start(funnel, ["--db", funnel.database, "--keep-going", "run", file]))
        }
        for (process, errors) in running {
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(stderr.isEmpty, "\(stderr)")
        }
        #expect(try funnel.script("lead show L-1 | get budget").stdout == "300.00 CNY\n")
        #expect(try funnel.script("lead list | count").stdout == "304\n")
        #expect(try funnel.script("journal list L-1 | where type == lead.edited | count").stdout == "300\n")
    }

    @Test func oneShotCommandsFromThreeShellsAtOnceAllSucceed() throws {
        let funnel = FunnelProcess()
        try funnel.script("lead add First")
        let group = DispatchGroup()
        let failures = LockedData()
        failures.set(Data())
        for writer in 1...3 {
            DispatchQueue.global().async(group: group) {
                for round in 1...20 {
                    let result = try? funnel.script("lead add S\(writer)-\(round); lead list | count")
                    if result?.status != 0 {
                        failures.set(failures.value + Data("\(result?.stderr ?? "did not start")\n".utf8))
                    }
                }
            }
        }
        group.wait()
        #expect(String(decoding: failures.value, as: UTF8.self).isEmpty)
        #expect(try funnel.script("lead list | count").stdout == "61\n")
    }

    /// Another connection holding the write lock (here Python's sqlite3, as a REPL session's
    /// `transaction begin` would): a writer waits for it and then goes ahead; a writer whose wait runs
    /// out fails with the explanation and changes nothing; a reader does not wait at all.
    @Test func aHeldWriteLockMakesWritersWaitThenExplains() throws {
        let funnel = FunnelProcess()
        try funnel.script("lead add First")
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("BEGIN IMMEDIATE")
            print("held", flush=True)
            time.sleep(float(sys.argv[2]))
            db.execute("COMMIT")
            """, funnel.database, "3"]
        let said = Pipe()
        holder.standardOutput = said
        try holder.run()
        _ = said.fileHandleForReading.availableData  // "held"
        let reader = try funnel.script("lead list | count")
        #expect(reader.stdout == "1\n")
        let impatient = try funnel.run(["--db", funnel.database, "-c", "lead add Impatient"], environment: ["FUNNEL_BUSY_TIMEOUT": "0.5"])
        #expect(impatient.status == 3)
        #expect(impatient.stderr.contains("funnel.db is locked: another funnel session or process has held its write lock for over 0.5 s"),
                "\(impatient.stderr)")
        #expect(impatient.stderr.contains("nothing was changed"))
        let patient = try funnel.script("lead add Patient")  // waits up to 5 s for the 3 s hold
        #expect(patient.status == 0, "\(patient.stderr)")
        holder.waitUntilExit()
        #expect(try funnel.script("lead list | count").stdout == "2\n")
        #expect(try funnel.script("lead list | where name == Impatient | count").stdout == "0\n")
    }
}
