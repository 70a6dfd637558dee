import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import './index.css';
import { AdminPage } from './pages/AdminPage';
import { AdminSettingsPage } from './pages/admin/AdminSettingsPage';
import { AudioSettings } from './pages/admin/AudioSettings';
import { FileSettings } from './pages/admin/FileSettings';
import { ConnectionsSettings } from './pages/admin/ConnectionsSettings';
import { GeneralSettings } from './pages/admin/GeneralSettings';
import { SharedLinksAdmin } from './pages/admin/SharedLinksAdmin';
import { UsersAdmin } from './pages/admin/UsersAdmin';
import { AppLayout } from './pages/AppLayout';
import { AuthPage } from './pages/AuthPage';
import { ChatPage } from './pages/ChatPage';
import { ContinuePage } from './pages/ContinuePage';
import { CommunityBrowsePage } from './pages/community/CommunityBrowsePage';
import { CommunityChatPage } from './pages/community/CommunityChatPage';
import { CommunityLayout } from './pages/community/CommunityLayout';
import { CommunityUploadPage } from './pages/community/CommunityUploadPage';
import { MyUploadsPage } from './pages/community/MyUploadsPage';
import { NewChatPage } from './pages/NewChatPage';
import { followTheme } from './lib/theme';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

followTheme();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route path="/auth" element={<AuthPage />} />
            {/* The community hub is open to signed-out visitors: outside the app shell. */}
            <Route path="/community" element={<CommunityLayout />}>
              <Route index element={<CommunityBrowsePage />} />
              <Route path="upload" element={<CommunityUploadPage />} />
              <Route path="mine" element={<MyUploadsPage />} />
              <Route path=":id" element={<CommunityChatPage />} />
            </Route>
            <Route element={<AppLayout />}>
              <Route index element={<NewChatPage />} />
              <Route path="c/:chatId" element={<ChatPage />} />
              <Route path="continue/:shareId" element={<ContinuePage />} />
              <Route path="admin" element={<AdminPage />}>
                <Route index element={<Navigate to="settings/general" replace />} />
                <Route path="users" element={<UsersAdmin />} />
                <Route path="settings" element={<AdminSettingsPage />}>
                  <Route index element={<Navigate to="general" replace />} />
                  <Route path="general" element={<GeneralSettings />} />
                  <Route path="connections" element={<ConnectionsSettings />} />
                  <Route path="audio" element={<AudioSettings />} />
                  <Route path="files" element={<FileSettings />} />
                </Route>
                <Route path="shared-links" element={<SharedLinksAdmin />} />
              </Route>
              <Route path="*" element={<Navigate to="/" replace />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </StrictMode>,
  );
}
