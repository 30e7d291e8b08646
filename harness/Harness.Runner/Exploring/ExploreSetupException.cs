namespace Harness.Runner.Exploring;

/// <summary>An exploration that cannot start: the base scenario does not fit, or the folder to resume holds another space.</summary>
public sealed class ExploreSetupException : Exception
{
    public ExploreSetupException()
    {
    }

    public ExploreSetupException(string message)
        : base(message)
    {
    }

    public ExploreSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
