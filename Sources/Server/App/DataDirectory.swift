import Glibc

/// Creates the folder a file will live in, with any missing parents (`mkdir -p` of its directory).
///
/// ```swift
/// try DataDirectory.prepare(forFile: "./data/server.sqlite")   // creates ./data
/// ```
enum DataDirectory {
    /// Why the folder could not be made.
    struct Failure: Error, CustomStringConvertible {
        /// The folder that failed.
        let path: String
        /// `errno` from `mkdir`.
        let code: Int32
        /// `cannot create folder 'x': <strerror>`.
        var description: String { "cannot create folder '\(path)': \(String(cString: strerror(code)))" }
    }

    /// Makes every missing folder on the way to `file`'s directory (mode 0755).
    static func prepare(forFile file: String) throws(Failure) {
        guard let slash = file.lastIndex(of: "/") else { return }
        let directory = String(file[..<slash])
        var path = directory.hasPrefix("/") ? "/" : ""
        for component in directory.split(separator: "/") {
            path += (path.isEmpty || path.hasSuffix("/") ? "" : "/") + component
            if component == "." || component == ".." { continue }
            if mkdir(path, 0o755) != 0 && errno != EEXIST { throw Failure(path: path, code: errno) }
        }
    }
}
