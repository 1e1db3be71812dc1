namespace Agentsgt.Benchmarks.Seeding;

/// <summary>Which keys the seeder writes: plain ones, or ones whose organization has a concurrency cap.</summary>
public enum BenchmarkKeySet
{
    Uncapped,
    Capped,
}
