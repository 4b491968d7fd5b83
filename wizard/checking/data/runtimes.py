"""Lambda runtime lifecycle, as published by AWS (Lambda runtimes page), checked 2026-11-26.

``deprecated``: AWS stops security patches; ``create_block``: new functions can no
longer be created with it. Update this table when AWS publishes new dates.
"""

AS_OF = "2026-11-26"

# runtime: (deprecated, create_block, successor)
RUNTIMES = {
    "dotnet6": ("2024-12-20", "2026-06-01", "dotnet8"),
    "dotnet8": ("2026-11-10", "2026-12-10", "dotnet10"),
    "go1.x": ("2024-01-08", "2024-02-08", "provided.al2023"),
    "java8": ("2024-01-08", "2024-02-08", "java21"),
    "java8.al2": ("2026-06-30", "2026-07-31", "java21"),
    "java11": ("2026-06-30", "2026-07-31", "java21"),
    "java17": ("2026-06-30", "2026-07-31", "java21"),
    "java21": ("2029-06-30", "2029-07-31", "java25"),
    "java25": ("2029-06-30", "2029-07-31", None),
    "nodejs14.x": ("2023-12-04", "2024-01-09", "nodejs22.x"),
    "nodejs16.x": ("2024-06-12", "2026-06-01", "nodejs22.x"),
    "nodejs18.x": ("2025-09-01", "2026-06-01", "nodejs22.x"),
    "nodejs20.x": ("2026-04-30", "2026-06-01", "nodejs22.x"),
    "nodejs22.x": ("2027-04-30", "2027-06-01", "nodejs24.x"),
    "nodejs24.x": ("2028-04-30", "2028-06-01", None),
    "provided": ("2024-01-08", "2024-02-08", "provided.al2023"),
    "provided.al2": ("2026-06-30", "2026-07-31", "provided.al2023"),
    "provided.al2023": ("2029-06-30", "2029-07-31", None),
    "python3.7": ("2023-12-04", "2024-01-09", "python3.13"),
    "python3.8": ("2024-10-14", "2026-06-01", "python3.13"),
    "python3.9": ("2025-12-15", "2026-06-01", "python3.13"),
    "python3.10": ("2026-06-30", "2026-07-31", "python3.13"),
    "python3.11": ("2026-06-30", "2026-07-31", "python3.13"),
    "python3.12": ("2028-10-31", "2028-11-30", "python3.13"),
    "python3.13": ("2029-06-30", "2029-07-31", None),
    "python3.14": ("2029-06-30", "2029-07-31", None),
    "ruby2.7": ("2023-12-07", "2024-01-09", "ruby3.3"),
    "ruby3.2": ("2026-03-31", "2026-06-01", "ruby3.3"),
    "ruby3.3": ("2027-03-31", "2027-04-30", "ruby3.4"),
    "ruby3.4": ("2028-03-31", "2028-04-30", None),
}
