import Testing

@testable import Kernel

@Suite("Router: pattern syntax, duplicates, Parameters")
struct RoutePatternTests {
    @Test("an empty pattern is refused with find-my-way's message")
    func emptyPattern() throws {
        #expect(throws: RoutingError.emptyPath()) { try RoutePattern(parsing: "") }
        let error = expectRoutingError([""], .emptyPath)
        #expect(error?.description == "The path could not be empty")
    }

    @Test("a pattern must start with '/' or '*'")
    func firstCharacter() {
        _ = expectRoutingError(["users"], .invalidPattern)
        _ = expectRoutingError([":id"], .invalidPattern)
    }

    @Test("the wildcard must be the last character")
    func wildcardNotLast() {
        let error = expectRoutingError(["/files/*/meta"], .invalidPattern)
        #expect(error?.description.contains("Wildcard must be the last character in the route") == true)
    }

    @Test("an optional parameter must be the last one")
    func optionalNotLast() {
        let error = expectRoutingError(["/foo/:bar?/baz"], .invalidPattern)
        #expect(error?.description.contains("Optional Parameter needs to be the last parameter of the path") == true)
    }

    @Test("unbalanced or invalid regex parameters are refused")
    func badRegex() {
        _ = expectRoutingError(["/a/:id(\\d+"], .invalidPattern)
        _ = expectRoutingError(["/a/:id([)"], .invalidPattern)
        _ = expectRoutingError(["/a/:"], .invalidPattern)
    }

    @Test("the parsed pattern lists components, names and the optional variant")
    func parsedShape() throws {
        let pattern = try RoutePattern(parsing: "/near/:lat-:lng/:id?")
        #expect(pattern.variants.map(\.path) == ["/near/:lat-:lng/:id", "/near/:lat-:lng"])
        #expect(pattern.variants[0].parameterNames == ["lat", "lng", "id"])
        #expect(pattern.variants[1].parameterNames == ["lat", "lng"])
        let segment = ParameterSegment(pieces: [
            .capture(name: "lat", regex: nil), .literal(Array("-".utf8)), .capture(name: "lng", regex: nil),
        ])
        #expect(pattern.variants[1].components == [.literal(Array("/near/".utf8)), .parameter(segment)])
        let root = try RoutePattern(parsing: "/:id?")
        #expect(root.variants.map(\.path) == ["/:id", "/"])
    }

    @Test("registering the same pattern twice names it in the error")
    func duplicateSamePattern() {
        let error = expectRoutingError(["/users/:id", "/users/:id"], .duplicateRoute)
        #expect(error?.pattern == "/users/:id")
        #expect(error?.description.contains("'/users/:id'") == true)
    }

    @Test("patterns differing only in parameter names are duplicates")
    func duplicateParameterNames() {
        let error = expectRoutingError(["/users/:id", "/users/:name"], .duplicateRoute)
        #expect(error?.description.contains("'/users/:name'") == true)
        #expect(error?.description.contains("'/users/:id'") == true)
        _ = expectRoutingError(["/near/:lat-:lng", "/near/:a-:b"], .duplicateRoute)
        _ = expectRoutingError(["/foo/:bar(123)", "/foo/:bar(456)"], .duplicateRoute)
    }

    @Test("an optional parameter's short form clashes with the bare route")
    func duplicateOptional() {
        _ = expectRoutingError(["/foo/:bar?", "/foo"], .duplicateRoute)
        _ = expectRoutingError(["/foo", "/foo/:bar?"], .duplicateRoute)
    }

    @Test("a refused insert leaves the builder unchanged")
    func failedInsertIsAtomic() throws {
        var builder = RouteTrieBuilder<String>(options: RouterOptions())
        try builder.insert("/foo", "first")
        #expect(throws: RoutingError.self) { try builder.insert("/foo/:bar?", "second") }
        let table = builder.build()
        #expect(table.lookup("/foo").value == "first")
        #expect(table.lookup("/foo/x").value == nil)
    }

    @Test("different parametric shapes at one position coexist")
    func distinctShapesCoexist() throws {
        let table = try makeTable(["/foo/:bar", "/foo/:bar.png", "/foo/:bar(^\\d+)", "/foo/*"])
        #expect(table.lookup("/foo/a.png").value == "/foo/:bar.png")
        #expect(table.lookup("/foo/a/b").value == "/foo/*")
    }

    @Test("Parameters: subscript, iteration order, count and isEmpty")
    func parametersAPI() throws {
        let table = try makeTable(["/u/:id/f/*", "/plain"])
        let parameters = try #require(table.lookup("/u/7/f/a/b").parameters)
        #expect(parameters["id"] == "7")
        #expect(parameters["*"] == "a/b")
        #expect(parameters["missing"] == nil)
        #expect(parameters.count == 2)
        #expect(!parameters.isEmpty)
        #expect(parameters.map(\.name) == ["id", "*"])
        #expect(parameters.map(\.value) == ["7", "a/b"])
        #expect(table.lookup("/plain").parameters?.isEmpty == true)
        #expect(Parameters().isEmpty)
    }
}
