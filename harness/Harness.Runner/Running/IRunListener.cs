using Harness.Runner.Scenarios;

namespace Harness.Runner.Running;

/// <summary>Progress of a run, for live displays. Implementations must be thread-safe and cheap: calls are reported as they complete.</summary>
public interface IRunListener
{
    void ScenarioStarted(Scenario scenario, int totalCalls);

    /// <summary>One call completed (successfully or not) in <paramref name="scenario"/>.</summary>
    void CallCompleted(Scenario scenario, bool succeeded);

    void ScenarioFinished(ScenarioResult result);
}

/// <summary>Ignores all progress.</summary>
public sealed class NullRunListener : IRunListener
{
    public static readonly NullRunListener Instance = new();

    public void ScenarioStarted(Scenario scenario, int totalCalls)
    {
    }

    public void CallCompleted(Scenario scenario, bool succeeded)
    {
    }

    public void ScenarioFinished(ScenarioResult result)
    {
    }
}
