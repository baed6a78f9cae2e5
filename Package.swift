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

func module(_ name: String, _ deps: [Target.Dependency] = []) -> Target {
    .target(name: name, dependencies: deps, path: "Modules/\(name)", swiftSettings: settings)
}

func plugin(_ name: String) -> Target {
    // A stage depends on StageKit and FunnelModel only; scripts/check-plugin-imports enforces it.
    .target(name: name, dependencies: ["StageKit", "FunnelModel"], path: "Plugins/\(name)", swiftSettings: settings)
}

func tests(_ name: String, _ deps: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: deps, path: "Tests/\(name)", swiftSettings: settings)
}

let package = Package(
    name: "Funnel",
    products: [
        .executable(name: "funnel", targets: ["FunnelCLI"]),
        .library(name: "StageKit", targets: ["StageKit", "FunnelModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        module("FunnelModel"),
        module("StageKit", ["FunnelModel"]),
        module("FunnelStore", ["StageKit", "FunnelModel", .product(name: "GRDB", package: "GRDB.swift"),
                               .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        module("ShellSyntax"),
        module("PluginHost", ["StageKit", "FunnelModel"]),
        .target(name: "ShellEngine", dependencies: ["ShellSyntax", "StageKit", "FunnelModel", "PluginHost"], path: "Modules/ShellEngine",
                swiftSettings: settings + [
                    // The interpreter's hot loop reads and writes frame slots millions of times; the
                    // compiler proves nothing here, so skip the runtime exclusivity checks in release.
                    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
                ]),
        .systemLibrary(name: "CEditLine", path: "Modules/CEditLine", pkgConfig: "libedit",
                       providers: [.apt(["libedit-dev"])]),
        module("LineEditing", ["CEditLine", "ShellEngine"]),
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
        module("StageCatalog", ["StageKit", "Capture", "Screening", "Discovery", "Recommendation", "Negotiation", "Signing", "Payment",
                                "Service", "Revisit", "Analytics"]),
        module("FunnelTestSupport", ["StageCatalog", "ShellEngine", "ShellSyntax", "FunnelStore", "StageKit",
                                     "FunnelModel", "PluginHost"]),
        .executableTarget(
            name: "FunnelCLI",
            dependencies: ["FunnelStore", "ShellEngine", "ShellSyntax", "LineEditing", "StageKit", "FunnelModel",
                           "StageCatalog", "PluginHost"],
            path: "Modules/FunnelCLI", swiftSettings: settings),

        tests("FunnelModelTests", ["FunnelModel"]),
        tests("StageKitTests", ["StageKit", "FunnelModel"]),
        tests("FunnelStoreTests", ["FunnelStore", "StageKit", "FunnelModel"]),
        tests("ShellSyntaxTests", ["ShellSyntax"]),
        tests("ShellEngineTests", ["ShellEngine", "ShellSyntax", "StageKit", "FunnelModel", "FunnelTestSupport"]),
        tests("LineEditingTests", ["LineEditing", "ShellEngine"]),
        tests("CaptureTests", ["Capture", "FunnelStore", "ShellEngine", "StageKit", "FunnelModel", "FunnelTestSupport"]),
        tests("ScreeningTests", ["Screening", "ShellEngine", "StageKit", "FunnelModel", "FunnelTestSupport"]),
        tests("PluginHostTests", ["PluginHost", "ShellEngine", "StageKit", "FunnelModel", "FunnelTestSupport"]),
        tests("AnalyticsTests", ["Analytics", "ShellEngine", "StageKit", "FunnelModel", "FunnelStore", "FunnelTestSupport"]),
        tests("DiscoveryTests", ["Discovery", "ShellEngine", "StageKit", "FunnelModel", "FunnelTestSupport"]),
        tests("RecommendationTests", ["Recommendation", "ShellEngine", "StageKit", "FunnelModel", "FunnelTestSupport"]),
        tests("NegotiationTests", ["Negotiation", "FunnelStore", "ShellEngine", "StageKit", "FunnelModel", "FunnelTestSupport"]),
        tests("SigningTests", ["Signing", "ShellEngine", "StageKit", "FunnelModel", "FunnelTestSupport"]),
        tests("PaymentTests", ["Payment", "FunnelStore", "ShellEngine", "StageKit", "FunnelModel", "FunnelTestSupport"]),
        tests("ServiceTests", ["Service", "FunnelStore", "ShellEngine", "StageKit", "FunnelModel", "FunnelTestSupport"]),
        tests("RevisitTests", ["Revisit", "ShellEngine", "StageKit", "FunnelModel", "FunnelTestSupport"]),
        tests("StageCatalogTests", ["StageCatalog", "StageKit", "ShellEngine", "FunnelTestSupport"]),
        tests("FunnelCLITests", ["FunnelModel"]),
    ]
)
