#!/usr/bin/env pwsh
# Thin wrapper over the dotnet command line: `./run.ps1 serve --port 8080` runs `harness serve --port 8080`.
# Every argument is passed through unchanged; the exit code is harness's own.
dotnet run --project "$PSScriptRoot/harness/Harness.Cli" -c Release -- @args
exit $LASTEXITCODE
