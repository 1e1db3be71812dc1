// Namespaces most files of this project use; a file names only what is particular to it.
global using Agentsgt.Application.Common.Exceptions;
global using Agentsgt.Application.Common.Interfaces;
global using Agentsgt.Application.Common.Validation;
global using Agentsgt.Domain.Entities;
global using Agentsgt.Domain.ValueObjects;
global using Agentsgt.Domain.Rules;
global using AutoMapper;
global using FluentValidation;
global using MediatR;
global using ValidationException = Agentsgt.Application.Common.Exceptions.ValidationException;
