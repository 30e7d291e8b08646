namespace Harness.Proxy.Faults.Actions;

/// <summary>
/// An action's YAML: its name and how its parameters read. Every non-abstract <see cref="FaultAction"/> of this
/// assembly implementing it is in <see cref="FaultActionCatalog.BuiltIn"/>; others join a catalog with
/// <see cref="FaultActionCatalog.With{TAction}"/>.
/// </summary>
public interface IFaultActionSyntax
{
    /// <summary>The kebab-case name a rule's <c>action:</c> gives.</summary>
    static abstract string YamlName { get; }

    /// <summary>Reads the action's parameters; every mistake is an error at its line and column.</summary>
    static abstract FaultAction Read(FaultActionSyntax syntax);
}
