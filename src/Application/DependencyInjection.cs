using System.Reflection;
using Agentsgt.Application.ApiKeys.Authentication;
using Agentsgt.Application.Common.Behaviours;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agentsgt.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplicationServices(this IServiceCollection services)
    {
        var assembly = Assembly.GetExecutingAssembly();

        // MediatR 5.1.0 has no registration package of its own: the mediator, every handler of
        // this assembly, and the validation behaviour are registered here.
        services.AddScoped<ServiceFactory>(provider => type => provider.GetService(type)!);
        services.AddScoped<IMediator, Mediator>();
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)))
            {
                services.AddScoped(contract, type);
            }
        }

        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddAutoMapper(_ => { }, assembly);
        services.AddScoped<IApiKeyAuthenticator, ApiKeyAuthenticator>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
