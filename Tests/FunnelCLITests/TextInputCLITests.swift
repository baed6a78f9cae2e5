import Foundation
import Testing

/// Arguments and scripts that are not UTF-8 text are refused with where, never read with U+FFFD.
@Suite struct TextInputCLITests {
    @Test func anArgumentThatIsNotUTF8IsAUsageErrorNamingIt() throws {
        let funnel = FunnelProcess()
        let result = try FunnelProcess.runTool("/bin/sh", ["-c", #""$0" --no-init --db "$1" -c "print $(printf 'caf\351')""#,
                                                           FunnelProcess.binary, funnel.database])
        #expect(result.status == 2)
        #expect(result.output == "funnel: argument 5 is not UTF-8 text: at character 10, invalid UTF-8 (byte 0xE9); Funnel reads UTF-8 text only\n")
    }

    @Test func aScriptThatIsNotUTF8IsRefusedWithTheLineFromAFileOrStdin() throws {
        let funnel = FunnelProcess()
        let path = funnel.directory.appendingPathComponent("latin1.funnel").path
        try Data(Array("print ok\nprint caf".utf8) + [0xE9] + Array("\n".utf8)).write(to: URL(fileURLWithPath: path))
        let file = try funnel.run(["--no-init", "run", path])
        #expect(file.status == 1)
        #expect(file.stdout.isEmpty)
        #expect(file.stderr == "\(path):2:10: error: invalid UTF-8 (byte 0xE9); Funnel reads UTF-8 text only\n")
        let stdin = try FunnelProcess.runTool("/bin/sh", ["-c", #""$0" --no-init --db "$1" < "$2""#, FunnelProcess.binary, funnel.database, path])
        #expect(stdin.status == 1)
        #expect(stdin.output == "<stdin>:2:10: error: invalid UTF-8 (byte 0xE9); Funnel reads UTF-8 text only\n")
    }
}
