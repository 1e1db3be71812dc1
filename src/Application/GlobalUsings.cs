// Namespaces used across this project; a file names only what is particular to it.
global using AutoMapper;
global using FluentValidation;
global using MediatR;
global using Agentsgt.Application.Common.Validation;
global using ValidationException = Agentsgt.Application.Common.Exceptions.ValidationException;
