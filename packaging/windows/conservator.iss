; Inno Setup 6.3+ script (UTF-8 with BOM: it holds Russian texts): Windows installer for the folder built by `make package`
; (python packaging\build.py on Windows -> dist\conservator-app\).
;
; Build (on Windows, after the PyInstaller build):
;   iscc /DAppVersion=0.1.0 packaging\windows\conservator.iss
; Output: dist\conservator-0.1.0-windows-x64-setup.exe
;
; Installs per machine (Program Files) or per user (chosen in the first page, no admin rights
; needed for a per-user install), adds a Start-menu entry, an optional desktop icon, the
; conservator command on the PATH (optional), and offers Conservator in "Open with" for .tif,
; .tiff and .jp2 scans (it becomes the default only if the user ticks the task).
; Uninstalling removes the program; records databases and settings in the user's folders stay.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Conservator"
#define AppExe "conservator-app.exe"
#define CliExe "conservator.exe"
#define ProgId "Conservator.Scan"
#define DistDir "..\..\dist\conservator-app"

[Setup]
; Never change AppId: Windows uses it to find an installed version to upgrade.
AppId={{6F1C2B7E-3D4A-4E8B-9C51-2A7D0E5F8B31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Conservator developers
AppComments=Condition documentation for archive and library conservation
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
ChangesEnvironment=yes
OutputDir=..\..\dist
OutputBaseFilename=conservator-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\build\packaging\stage\conservator.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
; Inno Setup ships Russian; Kazakh and Persian installer texts are unofficial translations
; (https://jrsoftware.org/files/istrans/): drop Kazakh.isl / Persian.isl into the compiler's
; Languages folder and uncomment the lines to offer them.
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"
; Name: "kk"; MessagesFile: "compiler:Languages\Kazakh.isl"
; Name: "fa"; MessagesFile: "compiler:Languages\Persian.isl"

[CustomMessages]
en.AssocTask=Open .tif, .tiff and .jp2 scans with Conservator by default
ru.AssocTask=Открывать сканы .tif, .tiff и .jp2 в Conservator по умолчанию
en.PathTask=Add the conservator command to the PATH
ru.PathTask=Добавить команду conservator в PATH
en.ScanType=Scan (Conservator)
ru.ScanType=Скан (Conservator)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "assoc"; Description: "{cm:AssocTask}"; Flags: unchecked
Name: "addtopath"; Description: "{cm:PathTask}"; Flags: unchecked

[Files]
; The whole PyInstaller folder: conservator-app.exe, conservator.exe, conservator-selftest.exe, _internal\
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Registry]
; The program and its document type (HKA = HKLM for a per-machine install, HKCU per user).
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:ScanType}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".tif"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".tiff"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".jp2"; ValueData: ""
; "Open with" for every scan type (never takes over the user's default viewer)...
Root: HKA; Subkey: "Software\Classes\.tif\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.tiff\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.jp2\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
; ...and the default only when the user asks for it.
Root: HKA; Subkey: "Software\Classes\.tif"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\.tiff"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\.jp2"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: assoc
; The command line on the PATH (per user or per machine, matching the install mode).
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: (not IsAdminInstallMode) and NeedsAddPath(ExpandConstant('{app}'))
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: IsAdminInstallMode and NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Path: string;
  Root: Integer;
  Key: string;
begin
  if IsAdminInstallMode then begin
    Root := HKEY_LOCAL_MACHINE;
    Key := 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';
  end else begin
    Root := HKEY_CURRENT_USER;
    Key := 'Environment';
  end;
  if not RegQueryStringValue(Root, Key, 'Path', Path) then begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;

// Uninstall: take the program folder back out of the PATH it was added to.
procedure RemoveFromPath(Root: Integer; Key: string; Dir: string);
var
  Path: string;
  P: Integer;
begin
  if not RegQueryStringValue(Root, Key, 'Path', Path) then
    exit;
  Path := ';' + Path + ';';
  P := Pos(';' + Uppercase(Dir) + ';', Uppercase(Path));
  if P = 0 then
    exit;
  Delete(Path, P, Length(Dir) + 1);
  Path := Copy(Path, 2, Length(Path) - 2);
  RegWriteExpandStringValue(Root, Key, 'Path', Path);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then begin
    if IsAdminInstallMode then
      RemoveFromPath(HKEY_LOCAL_MACHINE, 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment', ExpandConstant('{app}'))
    else
      RemoveFromPath(HKEY_CURRENT_USER, 'Environment', ExpandConstant('{app}'));
  end;
end;
