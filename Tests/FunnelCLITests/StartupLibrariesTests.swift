import Foundation
import Testing

/// Start-up to a first result loads no full Foundation: no libFoundation, no ICU (docs/benchmarks.md,
/// start-up). The dynamic loader names every library it opens under LD_DEBUG=libs.
@Suite struct StartupLibrariesTests {
    func librariesLoaded(_ arguments: [String]) throws -> (FunnelProcess.Result, [String]) {
        let funnel = FunnelProcess()
        let result = try funnel.run(["--db", funnel.database, "--no-init"] + arguments, environment: ["LD_DEBUG": "libs"])
        let opened = result.stderr.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "calling init: ") else { return nil }
            return (String(line[range.upperBound...]) as NSString).lastPathComponent
        }
        return (result, opened)
    }

    @Test func aFirstResultLoadsNoFullFoundationOrICU() throws {
        let (result, libraries) = try librariesLoaded(["-c", "lead list | count"])
        #expect(result.status == 0)
        #expect(result.stdout == "0\n")
        // The check sees what it should: the Swift runtime and the shared StageKit library are there.
        #expect(libraries.contains("libswiftCore.so"))
        #expect(libraries.contains("libStageKit.so"))
        for heavy in ["libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so"] {
            #expect(!libraries.contains(heavy), "\(heavy) is loaded at start-up")
        }
        // libedit (and what it needs) is opened by the interactive prompt only.
        for editing in ["libedit.so.2", "libtinfo.so.6", "libbsd.so.0"] {
            #expect(!libraries.contains(editing), "\(editing) is loaded by a script")
        }
        // libpq (and GSSAPI, LDAP, OpenSSL behind it) is opened for a postgres:// database only.
        for postgres in ["libpq.so.5", "libgssapi_krb5.so.2", "libldap-2.5.so.0"] {
            #expect(!libraries.contains(postgres), "\(postgres) is loaded for a SQLite database")
        }
    }
}
