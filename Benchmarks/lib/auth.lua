-- wrk: send the bearer token on every request (token from the BENCH_TOKEN environment variable).
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "bench-token")
