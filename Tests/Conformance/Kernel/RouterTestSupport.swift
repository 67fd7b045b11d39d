import Testing

@testable import Kernel

/// Builds a table whose value for each route is the pattern text itself.
func makeTable(_ patterns: [String], options: RouterOptions = RouterOptions()) throws -> RouteTable<String> {
    var builder = RouteTrieBuilder<String>(options: options)
    for pattern in patterns { try builder.insert(pattern, pattern) }
    return builder.build()
}

/// Options with one change applied.
func options(_ change: (inout RouterOptions) -> Void) -> RouterOptions {
    var options = RouterOptions()
    change(&options)
    return options
}

/// The parameters of a lookup as a dictionary, for compact expectations.
func dictionary(_ parameters: Parameters) -> [String: String] {
    var result: [String: String] = [:]
    for (name, value) in parameters { result[name] = value }
    return result
}

/// Expects `path` to reach `route` with exactly `parameters`.
func expectMatch(
    _ table: RouteTable<String>, _ path: String, _ route: String, _ parameters: [String: String] = [:],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let result = table.lookup(path)
    guard case .matched(let value, let captured) = result else {
        Issue.record("\(path): expected \(route), got \(result)", sourceLocation: sourceLocation)
        return
    }
    #expect(value == route, "\(path)", sourceLocation: sourceLocation)
    #expect(dictionary(captured) == parameters, "\(path)", sourceLocation: sourceLocation)
}

/// Expects `path` to produce `.notFound`.
func expectNotFound(_ table: RouteTable<String>, _ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let result = table.lookup(path)
    guard case .notFound = result else {
        Issue.record("\(path): expected notFound, got \(result)", sourceLocation: sourceLocation)
        return
    }
}

/// Expects the insertion of `patterns` in order to fail on the last one with `kind`.
func expectRoutingError(
    _ patterns: [String], _ kind: RoutingError.Kind, options: RouterOptions = RouterOptions(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> RoutingError? {
    var builder = RouteTrieBuilder<String>(options: options)
    for pattern in patterns.dropLast() {
        do { try builder.insert(pattern, pattern) } catch {
            Issue.record("unexpected \(error) for \(pattern)", sourceLocation: sourceLocation)
            return nil
        }
    }
    do {
        try builder.insert(patterns.last!, patterns.last!)
        Issue.record("\(patterns.last!) was accepted", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        return error
    }
}
