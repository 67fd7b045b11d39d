import Testing

@testable import Kernel

@Suite("Router: find-my-way priorities and backtracking")
struct RouterPriorityTests {
    @Test("static beats parametric beats wildcard at the same node")
    func staticParamWildcardOrder() throws {
        let table = try makeTable(["/foo/bar/static", "/foo/bar/*", "/foo/:param/static", "/foo/*"])
        expectMatch(table, "/foo/bar/static", "/foo/bar/static")
        expectMatch(table, "/foo/bar/other", "/foo/bar/*", ["*": "other"])
        expectMatch(table, "/foo/value/static", "/foo/:param/static", ["param": "value"])
        expectMatch(table, "/foo/value/other", "/foo/*", ["*": "value/other"])
    }

    @Test("static ending beats regex beats plain parameter")
    func parametricKindsOrder() throws {
        let table = try makeTable(["/foo/:bar", "/foo/:bar(^\\d+)", "/foo/:bar.png", "/foo/:a-:b"])
        expectMatch(table, "/foo/value", "/foo/:bar", ["bar": "value"])
        expectMatch(table, "/foo/123", "/foo/:bar(^\\d+)", ["bar": "123"])
        expectMatch(table, "/foo/1-2.png", "/foo/:bar.png", ["bar": "1-2"])
        expectMatch(table, "/foo/x-y", "/foo/:a-:b", ["a": "x", "b": "y"])
    }

    @Test("the longer static ending is tried first, whatever the registration order")
    func longerEndingFirst() throws {
        for order in [["/foo/:bar.png", "/foo/:bar.png.png"], ["/foo/:bar.png.png", "/foo/:bar.png"]] {
            let table = try makeTable(order)
            expectMatch(table, "/foo/value.png", "/foo/:bar.png", ["bar": "value"])
            expectMatch(table, "/foo/value.png.png", "/foo/:bar.png.png", ["bar": "value"])
        }
    }

    @Test("regex with a static ending beats the same regex without one")
    func regexWithEnding() throws {
        let table = try makeTable(["/foo/:bar(123)", "/foo/:bar(123).jpeg"])
        expectMatch(table, "/foo/123.jpeg", "/foo/:bar(123).jpeg", ["bar": "123"])
        expectMatch(table, "/foo/123", "/foo/:bar(123)", ["bar": "123"])
    }

    @Test("seed routes: static branch first, backtracking to the parameter")
    func seedWorkflowRoutes() throws {
        let first = "/api/v1/workflows/:executionId/stream"
        let second = "/api/v1/workflows/workflow/:workflowId/stream"
        for order in [[first, second], [second, first]] {
            let table = try makeTable(order)
            expectMatch(table, "/api/v1/workflows/workflow/abc/stream", second, ["workflowId": "abc"])
            expectMatch(table, "/api/v1/workflows/xyz/stream", first, ["executionId": "xyz"])
            expectMatch(table, "/api/v1/workflows/workflow/stream", first, ["executionId": "workflow"])
            expectNotFound(table, "/api/v1/workflows/workflow/abc")
        }
    }

    @Test("backtracking across several levels drops the abandoned captures")
    func deepBacktracking() throws {
        let table = try makeTable(["/a/:x/b/:y/c", "/a/:x/*", "/:p/:q/:r/:s/d"])
        expectMatch(table, "/a/1/b/2/c", "/a/:x/b/:y/c", ["x": "1", "y": "2"])
        expectMatch(table, "/a/1/b/2/z", "/a/:x/*", ["x": "1", "*": "b/2/z"])
        let other = try makeTable(["/a/:x/b/:y/c", "/:p/:q/:r/:s/d"])
        expectMatch(other, "/a/1/b/2/d", "/:p/:q/:r/:s/d", ["p": "a", "q": "1", "r": "b", "s": "2"])
    }

    @Test("a static prefix longer than the segment falls back to the parameter")
    func partialStaticFallsBack() throws {
        let table = try makeTable(["/a/b", "/a/:id"])
        expectMatch(table, "/a/b", "/a/b")
        expectMatch(table, "/a/bc", "/a/:id", ["id": "bc"])
        expectMatch(table, "/a/", "/a/:id", ["id": ""])
    }
}
