import Foundation
import Testing

/// The REPL at a real terminal: a pseudo-terminal driven by Tests/FunnelCLITests/pty/repl_session.py,
/// which types keys (Tab, Backspace over Chinese text, Ctrl-C, Ctrl-D, Up) and reads the screen.
@Suite struct REPLTerminalTests {
    @Test func historyCompletionChineseInputCtrlCAndCtrlDWorkAtATerminal() throws {
        let funnel = FunnelProcess()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", FunnelProcess.repositoryRoot.appendingPathComponent("Tests/FunnelCLITests/pty/repl_session.py").path,
                             FunnelProcess.binary, funnel.directory.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let transcript = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(transcript)")
        #expect(transcript.contains("all REPL checks passed"))
    }
}
