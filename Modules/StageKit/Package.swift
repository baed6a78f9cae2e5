// swift-tools-version:6.1
// StageKit: what a stage module builds against — the stage contract (StageKit) and the domain's
// values (FunnelModel). One shared library, built with library evolution, so Funnel and every stage
// loaded into it at run time (`plugin load`) use the same copy and a stage built against one release
// keeps working with the next while STAGEKIT_ABI (Plugin.swift) is unchanged. See docs/writing-a-stage.md.
import PackageDescription

let settings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // Resilient layouts: a stage compiled against this library still works when a later one adds a
    // field or a case. Never link it statically (--static-swift-stdlib): casts across the boundary break.
    .unsafeFlags(["-enable-library-evolution"]),
]

let package = Package(
    name: "StageKit",
    products: [
        // One library, four modules: the domain's values (FunnelModel), the stage contract (StageKit:
        // Stage, Command, Value, Lifecycle and the hand-off records, the journal, settings), the
        // helpers stages may use (StageSupport: CSV and JSON readers, import columns and rejections,
        // output files, a producer thread); and what only Funnel itself uses to run stages (StageHost:
        // the registry and the store's protocol), which a stage module never imports.
        .library(name: "StageKit", type: .dynamic, targets: ["StageKit", "FunnelModel", "StageSupport", "StageHost"]),
    ],
    targets: [
        .target(name: "FunnelModel", swiftSettings: settings),
        .target(name: "StageKit", dependencies: ["FunnelModel"], swiftSettings: settings),
        .target(name: "StageSupport", dependencies: ["StageKit", "FunnelModel"], swiftSettings: settings),
        .target(name: "StageHost", dependencies: ["StageKit", "FunnelModel"], swiftSettings: settings),
    ]
)
