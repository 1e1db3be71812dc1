namespace Agentsgt.Application.Common.Interfaces;

public sealed record KeyAndAgent(ApiKey? Key, ActiveAgent? Agent);
