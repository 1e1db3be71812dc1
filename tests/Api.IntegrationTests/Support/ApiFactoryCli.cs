namespace Agentsgt.Api.IntegrationTests.Support;

/// <summary><see cref="CliHarness"/> (shared with tests/Api.UnitTests) on an <see cref="ApiFactory"/>'s database.</summary>
public static class ApiFactoryCli
{
    extension(CliHarness)
    {
        /// <summary>Commands against the factory's database with its pepper configuration.</summary>
        public static CliHarness For(ApiFactory factory)
        {
            ArgumentNullException.ThrowIfNull(factory);
            return new(factory.Settings);
        }
    }
}
