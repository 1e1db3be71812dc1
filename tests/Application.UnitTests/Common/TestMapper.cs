using AutoMapper;

namespace Agentsgt.Application.UnitTests.Common;

/// <summary>The Application's mapping profiles, as the handlers get them from DI.</summary>
internal static class TestMapper
{
    public static readonly MapperConfiguration Configuration = new(cfg => cfg.AddMaps(typeof(Application.DependencyInjection).Assembly));

    public static readonly IMapper Instance = Configuration.CreateMapper();
}
