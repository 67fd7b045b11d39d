import Testing

@testable import Kernel

@Suite("Router: options")
struct RouterOptionsTests {
    @Test("default options are fastify's")
    func defaults() {
        let defaults = RouterOptions()
        #expect(defaults.caseSensitive)
        #expect(!defaults.ignoreTrailingSlash)
        #expect(!defaults.ignoreDuplicateSlashes)
        #expect(defaults.maxParamLength == 100)
    }

    @Test("matching is case-sensitive by default")
    func caseSensitiveDefault() throws {
        let table = try makeTable(["/Hello/World"])
        expectMatch(table, "/Hello/World", "/Hello/World")
        expectNotFound(table, "/hello/world")
    }

    @Test("caseSensitive=false folds static text but keeps parameter case")
    func caseInsensitive() throws {
        let insensitive = options { $0.caseSensitive = false }
        let table = try makeTable(["/Users/:Id/Profile", "/FOO/*", "/bar"], options: insensitive)
        expectMatch(table, "/users/AbC/PROFILE", "/Users/:Id/Profile", ["Id": "AbC"])
        expectMatch(table, "/uSeRs/x/profile", "/Users/:Id/Profile", ["Id": "x"])
        expectMatch(table, "/foo/MiXeD/Path", "/FOO/*", ["*": "MiXeD/Path"])
        expectMatch(table, "/BAR", "/bar")
        _ = expectRoutingError(["/bar", "/BAR"], .duplicateRoute, options: insensitive)
    }

    @Test("trailing slashes are significant by default")
    func trailingSlashDefault() throws {
        let table = try makeTable(["/test", "/dir/"])
        expectNotFound(table, "/test/")
        expectNotFound(table, "/dir")
        let both = try makeTable(["/test", "/test/"])
        expectMatch(both, "/test", "/test")
        expectMatch(both, "/test/", "/test/")
    }

    @Test("ignoreTrailingSlash serves '/test/' by '/test' and vice versa")
    func ignoreTrailingSlash() throws {
        let ignore = options { $0.ignoreTrailingSlash = true }
        let table = try makeTable(["/test", "/dir/", "/", "/users/:id"], options: ignore)
        expectMatch(table, "/test/", "/test")
        expectMatch(table, "/test", "/test")
        expectMatch(table, "/dir", "/dir/")
        expectMatch(table, "/dir/", "/dir/")
        expectMatch(table, "/", "/")
        expectMatch(table, "/users/7/", "/users/:id", ["id": "7"])
        _ = expectRoutingError(["/test", "/test/"], .duplicateRoute, options: ignore)
    }

    @Test("ignoreDuplicateSlashes collapses slash runs in paths and patterns")
    func ignoreDuplicateSlashes() throws {
        let collapse = options { $0.ignoreDuplicateSlashes = true }
        let table = try makeTable(["/a/b", "//c///:id"], options: collapse)
        expectMatch(table, "//a///b", "/a/b")
        expectMatch(table, "/a/b", "/a/b")
        expectMatch(table, "/c/9", "//c///:id", ["id": "9"])
        expectMatch(table, "///c//%39", "//c///:id", ["id": "9"])
        let strict = try makeTable(["/a/b"])
        expectNotFound(strict, "//a///b")
    }

    @Test("both slash options together")
    func slashOptionsTogether() throws {
        let both = options {
            $0.ignoreDuplicateSlashes = true
            $0.ignoreTrailingSlash = true
        }
        let table = try makeTable(["/a/b"], options: both)
        expectMatch(table, "/a//b//", "/a/b")
    }
}
