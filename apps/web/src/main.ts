/** Entry point: mounts the terminal with its Pinia stores. */
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import TerminalApp from './terminal-app.vue';
import './styles/theme.css';

createApp(TerminalApp).use(createPinia()).mount('#app');
