#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need and is missing (the report tests open
# report.html in a headless Chromium: Debian's package), then runs every test project of Harness.sln.
# Extra arguments go to `dotnet test` (for example --filter "FullyQualifiedName~Checker").
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The machine image ships the .NET 10 SDK; it cannot be downloaded here, so say so clearly if it is missing.
if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is not on PATH; install the .NET 10 SDK first." >&2
  exit 1
fi
dotnet --version

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium for the report tests"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium >/dev/null
fi
chromium --version

# Packages come from the NuGet registry through the ordinary restore.
dotnet test Harness.sln -c Release "$@"
