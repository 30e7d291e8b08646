namespace Harness.Proxy.Decisions;

/// <summary>
/// Uniform values in [0, 1) that are a pure function of their inputs (SplitMix64 mixing), so a fault decision never
/// depends on arrival order, thread timing or a shared random generator's state.
/// </summary>
internal static class DeterministicRandom
{
    public static double Uniform(long seed, params ReadOnlySpan<long> inputs)
    {
        var state = unchecked((ulong)seed);
        foreach (var input in inputs)
        {
            state = Mix(state ^ Mix(unchecked((ulong)input) + 0x9E3779B97F4A7C15UL));
        }

        // 53 random bits make an evenly spread double.
        return (Mix(state) >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
