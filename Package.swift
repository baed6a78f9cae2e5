// swift-tools-version:6.1
// Funnel: a scriptable shell for the whole sales-and-collections lifecycle.
//
// Layout: Modules/ is the framework, Plugins/ holds one library target per stage implementation.
// Plugins/ here is NOT SwiftPM's "package plugins" folder: every target names its `path:` explicitly.
import PackageDescription

/// One settings list for every target.
let settings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// StageKit and FunnelModel: one shared library from the local package in Modules/StageKit, linked
/// dynamically so stages loaded at run time (`plugin load`) share it with Funnel.
let kit: Target.Dependency = .product(name: "StageKit", package: "StageKit")

func module(_ name: String, _ deps: [Target.Dependency] = []) -> Target {
    .target(name: name, dependencies: deps, path: "Modules/\(name)", swiftSettings: settings)
}

func plugin(_ name: String) -> Target {
    // A stage depends on StageKit and FunnelModel only; scripts/check-plugin-imports enforces it.
    .target(name: name, dependencies: [kit], path: "Plugins/\(name)", swiftSettings: settings)
}

func tests(_ name: String, _ deps: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: deps, path: "Tests/\(name)", swiftSettings: settings)
}

let package = Package(
    name: "Funnel",
    products: [
        .executable(name: "funnel", targets: ["FunnelCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(path: "Modules/StageKit"),
    ],
    targets: [
        // SQLite through its C API (GRDB's module map for it): GRDB itself would load full Foundation.
        module("FunnelStore", [kit, .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        module("ShellSyntax"),
        module("PluginHost", ["ShellSyntax", kit]),
        .target(name: "ShellEngine", dependencies: ["ShellSyntax", kit], path: "Modules/ShellEngine",
                swiftSettings: settings + [
                    // The interpreter's hot loop reads and writes frame slots millions of times; the
                    // compiler proves nothing here, so skip the runtime exclusivity checks in release.
                    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
                ]),
        // The plugin commands join the shell and the plugin host, so that neither depends on the other.
        module("PluginShell", ["ShellEngine", "PluginHost", kit]),
        // libedit's header only (Debian's libedit-dev): the library itself is opened with dlopen when the
        // prompt starts, so scripts and batch runs never load it (Modules/CEditLine/shim.h).
        .systemLibrary(name: "CEditLine", path: "Modules/CEditLine", providers: [.apt(["libedit-dev"])]),
        module("LineEditing", ["CEditLine", "ShellEngine", kit]),
        // PostgreSQL behind StageKit's store contract (issue 18, in progress; docs/architecture.md).
        // libpq-dev gives the header only: libpq itself is opened with dlopen for a postgres:// database
        // (Modules/PostgresStore/LibPQ.swift), so nothing links it.
        .systemLibrary(name: "CLibPQ", path: "Modules/CLibPQ", providers: [.apt(["libpq-dev"])]),
        module("PostgresStore", ["CLibPQ", "FunnelStore", kit]),
        plugin("Capture"),
        plugin("Screening"),
        plugin("Discovery"),
        plugin("Recommendation"),
        plugin("Negotiation"),
        plugin("Signing"),
        plugin("Payment"),
        plugin("Service"),
        plugin("Revisit"),
        plugin("Analytics"),
        // Other implementations of the well-known slots, for the swap tests (examples/swaps/).
        .target(name: "AlternativeStages", dependencies: [kit], path: "Plugins/examples/alternatives", swiftSettings: settings),
        module("StageCatalog", [kit, "Capture", "Screening", "Discovery", "Recommendation", "Negotiation", "Signing", "Payment",
                                "Service", "Revisit", "Analytics"]),
        module("FunnelTestSupport", ["StageCatalog", "ShellEngine", "ShellSyntax", "FunnelStore", "PostgresStore", kit, "PluginHost", "PluginShell"]),
        .executableTarget(
            name: "FunnelCLI",
            dependencies: ["FunnelStore", "PostgresStore", "ShellEngine", "ShellSyntax", "LineEditing", kit,
                           "StageCatalog", "PluginHost", "PluginShell"],
            path: "Modules/FunnelCLI", swiftSettings: settings),

        tests("FunnelModelTests", [kit]),
        tests("StageKitTests", [kit]),
        tests("FunnelStoreTests", ["FunnelStore", kit]),
        tests("PostgresStoreTests", ["PostgresStore", "StageCatalog", "FunnelStore", kit]),
        tests("ShellSyntaxTests", ["ShellSyntax"]),
        tests("ShellEngineTests", ["ShellEngine", "ShellSyntax", kit, "FunnelTestSupport"]),
        tests("LineEditingTests", ["LineEditing", "ShellEngine", kit]),
        tests("CaptureTests", ["Capture", "FunnelStore", "ShellEngine", kit, "FunnelTestSupport"]),
        tests("ScreeningTests", ["Screening", "ShellEngine", kit, "FunnelTestSupport"]),
        tests("PluginHostTests", ["PluginHost", "PluginShell", "ShellEngine", kit, "FunnelTestSupport"]),
        tests("AnalyticsTests", ["Analytics", "ShellEngine", kit, "FunnelStore", "FunnelTestSupport", "StageCatalog"]),
        tests("DiscoveryTests", ["Discovery", "ShellEngine", kit, "FunnelTestSupport"]),
        tests("RecommendationTests", ["Recommendation", "ShellEngine", kit, "FunnelTestSupport"]),
        tests("NegotiationTests", ["Negotiation", "FunnelStore", "ShellEngine", kit, "FunnelTestSupport"]),
        tests("SigningTests", ["Signing", "ShellEngine", kit, "FunnelTestSupport"]),
        tests("PaymentTests", ["Payment", "FunnelStore", "ShellEngine", kit, "FunnelTestSupport"]),
        tests("ServiceTests", ["Service", "FunnelStore", "ShellEngine", kit, "FunnelTestSupport"]),
        tests("RevisitTests", ["Revisit", "ShellEngine", kit, "FunnelTestSupport"]),
        tests("StageCatalogTests", ["StageCatalog", kit, "ShellEngine", "FunnelTestSupport", "FunnelStore", "AlternativeStages"]),
        tests("FunnelCLITests", [kit]),
    ]
)
